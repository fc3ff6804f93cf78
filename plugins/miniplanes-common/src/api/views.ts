import {
  ClusterProfile,
  FederatedService,
  GovernancePolicy,
  StorageLocation,
} from '../model/types';
import { PlacementDecision } from '../placement/types';
import { HistoryEvent, PlacementRequestView } from '../requests/types';
import { RolloutState } from '../rollout/advanceRollout';
import { RolloutPlan } from '../rollout/planRollout';
import { ServiceConnectionsView } from './connections';
import { ServiceSyncStatus, ServiceSyncSummary } from './syncStatus';
import type { IgnoredClusterLabel } from '../schema/openapi';

export type {
  /** A sovereignty label a source offered and the fleet did not take, and why. */
  IgnoredClusterLabel,
  /**
   * A change of a cluster's sovereignty label (jurisdiction) as the fleet
   * recorded it, as `GET /sovereignty-changes` lists it: every service is
   * re-checked against the new value.
   */
  SovereigntyChange,
} from '../schema/openapi';

/** A cluster of the fleet as `GET /clusters` serves it: its profile, never its credentials. @public */
export interface FleetCluster extends ClusterProfile {
  title?: string;
  /** Whether miniplanes can reach the cluster (it has a connection). */
  connected: boolean;
  /** Entity refs of the services placed there. */
  services: string[];
  /**
   * Where each sovereignty label (jurisdiction) comes from: `config`,
   * `fleet file`, or the trusted source that located the cluster.
   */
  labelSources?: Record<string, string>;
  /** Sovereignty labels an untrusted source offered and the fleet ignored. */
  ignoredLabels?: IgnoredClusterLabel[];
}

/**
 * The fleet's data rules, as `GET /governance` serves them: what placement
 * enforces on data wherever it goes.
 *
 * @public
 */
export interface FleetGovernance {
  /** Where each classification of data may live. */
  items: GovernancePolicy[];
  /** The named jurisdiction groups (such as EU) and their jurisdictions. */
  jurisdictions: Record<string, string[]>;
  /** Where backups may be kept, each with its jurisdiction. */
  storageLocations: StorageLocation[];
}

/** A federated service as `GET /services` lists it. @public */
export interface FederatedServiceSummary {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
  decision?: PlacementDecision;
  status: ServiceSyncSummary;
}

/** A federated service with its decision, status, history and pending requests, as `GET /services/:namespace/:kind/:name` serves it. @public */
export interface FederatedServiceView {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
  decision?: PlacementDecision;
  status: ServiceSyncStatus;
  /** The newest 200 history entries, oldest first. */
  history?: HistoryEvent[];
  /** True when older history entries exist (`MiniplanesApiClient.getServiceHistory`). */
  olderHistory?: boolean;
  requests?: PlacementRequestView[];
  /** For a version with `spec.rollout`: its stages and, while it rolls out, its progress. */
  rollout?: RolloutView;
  /** Where compute reaches data in other clusters, federated trust and monitoring; absent when there is none. */
  connections?: ServiceConnectionsView;
}

/** A staged rollout: which cluster is in which stage, and where it is. @public */
export interface RolloutView {
  plan: RolloutPlan;
  /** Absent before the first sync pass of the version, or when there was no earlier version to roll from. */
  state?: RolloutState;
}

/** What people do to a staged rollout. @public */
export type RolloutAction = 'approveStage' | 'pause' | 'resume' | 'abort';
