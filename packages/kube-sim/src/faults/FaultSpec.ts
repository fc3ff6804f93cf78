import {
  ConnectionDropFault,
  ErrorFault,
  LatencyFault,
  OutageMode,
} from './FaultInjector';

/**
 * Faults to inject, as one document: what the `/_sim/faults` admin endpoint
 * accepts and {@link SimulatedCluster.applyFaultSpec} applies.
 *
 * @public
 */
export type FaultSpec = {
  error?: ErrorFault;
  latency?: LatencyFault;
  dropConnection?: ConnectionDropFault;
  outage?: { mode: OutageMode; durationSeconds?: number } | null;
  compact?: boolean;
  dropWatches?: 'close' | 'reset';
  closeWatchesAfterEvents?: number;
  stallWatches?: boolean;
  clockSkewSeconds?: number;
  nodeReady?: { node: string; ready: boolean };
  pauseControllers?: boolean;
  revokeToken?: string;
  /** Velero: the object storage loses (or regains) a bucket; its BackupStorageLocations follow. */
  bucketReachable?: { bucket: string; reachable: boolean };
  /** CloudNativePG: a replica cluster's lag; null returns to its minApplyDelay. */
  replicationLag?: { namespace: string; name: string; seconds: number | null };
};
