import { z } from 'zod';
import {
  federatedServiceSchema,
  fleetFileClusterSchema,
  fleetFileSchema,
  governancePolicySchema,
  labelSelectorSchema,
  overrideSchema,
  resourceRoleSchema,
  rolloutSchema,
  dataOperationsSchema,
  storageLocationSchema,
  clusterConnectionsSchema,
  observabilitySchema,
  taintSchema,
  tolerationSchema,
} from './schemas';

/** @public */
export type ResourceRole = z.infer<typeof resourceRoleSchema>;
/** @public */
export type Taint = z.output<typeof taintSchema>;
/** @public */
export type Toleration = z.infer<typeof tolerationSchema>;
/** @public */
export type LabelSelector = z.infer<typeof labelSelectorSchema>;
/** @public */
export type GovernancePolicy = z.infer<typeof governancePolicySchema>;
/** @public */
export type FleetFileCluster = z.output<typeof fleetFileClusterSchema>;
/** @public */
export type FleetFile = z.output<typeof fleetFileSchema>;
/** @public */
export type FederatedService = z.output<typeof federatedServiceSchema>;
/** @public */
export type Override = z.infer<typeof overrideSchema>;
/** @public */
export type Rollout = z.output<typeof rolloutSchema>;
/** @public */
export type DataOperations = z.output<typeof dataOperationsSchema>;
/** @public */
export type StorageLocation = z.output<typeof storageLocationSchema>;
/** @public */
export type ClusterConnections = z.output<typeof clusterConnectionsSchema>;
/** @public */
export type Observability = z.output<typeof observabilitySchema>;

/** Allocatable resources: cores, bytes, devices. @public */
export interface Resources {
  cpu: number;
  memory: number;
  gpu: number;
}

/**
 * Whether a cluster can take placements. Only a cluster miniplanes has
 * reached is healthy: one it cannot reach, has no credentials for, or has
 * not probed yet is `Unknown`, and never a placement target.
 *
 * @public
 */
export interface ClusterHealth {
  healthy: boolean;
  /** Absent in fleet files (there: healthy unless `healthy: false`). */
  status?: 'Healthy' | 'Unhealthy' | 'Unknown';
  since?: string;
  message?: string;
}

/** A member cluster as placement sees it. @public */
export interface ClusterProfile {
  name: string;
  labels: Record<string, string>;
  capabilities: string[];
  taints: Taint[];
  capacity: Resources;
  /** Already used, when known. */
  allocated?: Resources;
  health: ClusterHealth;
  /**
   * The `group/version/Kind` (core kinds: `v1/Kind`) the cluster serves;
   * absent when unknown, and then every kind is assumed served.
   */
  servedResources?: string[];
  /** The operators the cluster runs, by profile name (velero, cnpg…). */
  operators?: string[];
  /** How it connects to the systems around it. */
  connections?: ClusterConnections;
}

/** What placement is evaluated against. @public */
export interface Fleet {
  jurisdictions: Record<string, string[]>;
  governance: GovernancePolicy[];
  clusters: ClusterProfile[];
  /** Where backups may be written, each with its jurisdiction. */
  storageLocations?: StorageLocation[];
  observability?: Observability;
}
