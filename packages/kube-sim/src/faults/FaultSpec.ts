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
};
