import {
  ClusterProfile,
  DataOperations,
  FederatedService,
  StorageLocation,
} from '../model/types';
import { PlacementDecision, Reason } from '../placement/types';

/** A manifest an operator profile renders. @public */
export interface OperationManifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

/** One backup of a service as a data cluster carries it out. @public */
export interface BackupInput {
  service: FederatedService;
  backup: NonNullable<DataOperations['backups']>[number];
  location: StorageLocation;
  cluster: ClusterProfile;
  /** The data resources backed up (manifests as the service declares them). */
  resources: FederatedService['spec']['resources'];
}

/** Replication of a data resource as one data cluster takes part in it. @public */
export interface ReplicationInput {
  service: FederatedService;
  /** The data resource replicated, as rendered for this cluster. */
  manifest: OperationManifest;
  cluster: ClusterProfile;
  primary: string;
  role: 'primary' | 'replica';
  /** Every data cluster of the service, the primary included. */
  peers: string[];
}

/** Where an operator keeps the state miniplanes shows, read back by the sync. @public */
export interface OperatorStatusPaths {
  /** On the backup kind: when the last backup succeeded, and its result. */
  lastBackupTime?: string;
  lastBackupPhase?: string;
  /** On the replicated resource: its role now and how far behind it is. */
  replicationRole?: string;
  replicationLag?: string;
  healthy?: string;
}

/**
 * How one operator carries out data operations: the custom resources it
 * wants in a data cluster (with the operator's own field names), and where
 * it reports status. The backend's extension point adds more.
 *
 * @public
 */
export interface OperatorProfile {
  /** The name clusters list in their `operators`. */
  name: string;
  /** Backups: the objects that schedule them in one data cluster. */
  renderBackup?(input: BackupInput): OperationManifest[];
  /** Replication: the data resource as it must be in this cluster, and objects to add. */
  renderReplication?(input: ReplicationInput): {
    manifest: OperationManifest;
    extra: OperationManifest[];
  };
  /** Which kinds of data resource it replicates (apiVersion/kind). */
  replicates?: string[];
  /** The objects that record each backup it takes for one of the service's backups, to read the last one. */
  backupRecords?(input: {
    service: FederatedService;
    backup: BackupInput['backup'];
  }): {
    apiVersion: string;
    kind: string;
    namespace?: string;
    labelSelector: string;
  };
  status?: OperatorStatusPaths;
}

/** What the placement makes of one data operation. @public */
export interface DataOperationDecision {
  /** `backup:<name>` or `replication`. */
  name: string;
  allowed: boolean;
  /** For a backup: its storage location and jurisdiction. */
  location?: { name: string; jurisdiction: string };
  /** Per data cluster, the operator profile that carries it out. */
  clusters: { name: string; operator?: string; role?: 'primary' | 'replica' }[];
  /** Why it cannot be carried out (Residency, Governance, Capability). */
  reasons: Reason[];
}

/** A decision with its data operations. @public */
export type DecisionWithOperations = PlacementDecision & {
  dataOperations?: DataOperationDecision[];
};
