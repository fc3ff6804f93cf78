/**
 * The evidence for auditors, as `GET /services/:namespace/:kind/:name/evidence`
 * serves it: where a service's data has lived, by whose approval.
 */

/** Who put a service's data somewhere, or took it away. @public */
export interface EvidenceCause {
  /** A spec version (approved through a request, or loaded as a seed), or a fleet change. */
  type: 'version' | 'fleet';
  specVersion?: number;
  requestId?: string;
  requestedBy?: string;
  approvedBy?: string;
  /** What the history says happened, for fleet changes. */
  message?: string;
  /** It ended an interval because an approved version released the data, and the sync deleted it. */
  released?: boolean;
}

/** One stretch of time a cluster held the service's data. @public */
export interface EvidenceInterval {
  /** placed: the approved placement put it there; retained: kept after it left the placement, until a release. */
  state: 'placed' | 'retained';
  from: string;
  /** Absent while it lasts. */
  until?: string;
  by: EvidenceCause;
  /** What ended it: the next placement, a version or fleet change, or a release. */
  endedBy?: EvidenceCause;
  /** For a placement: the residency check, against the cluster's jurisdiction when it was placed. */
  residency?: ResidencyCheck;
}

/** Whether a jurisdiction met the service's residency and governance. @public */
export interface ResidencyCheck {
  jurisdiction?: string;
  passed: boolean;
  message: string;
}

/** Where a service's data lived in one cluster over time, and whether that was allowed. @public */
export interface DataResidencyRecord {
  cluster: string;
  intervals: EvidenceInterval[];
  /** Checked against the cluster's jurisdiction now, while data is held there. */
  now?: ResidencyCheck;
}

/** One approved version of the service, with who asked and who approved. @public */
export interface EvidenceVersion {
  specVersion: number;
  createdAt: string;
  source: 'request' | 'seed';
  requestId?: string;
  requestedBy?: string;
  reason?: string;
  approvedBy?: string;
  /** The request's outcome: applied, failed (with why) or approved (still under way). */
  outcome?: string;
  failure?: string;
  classification?: string;
  residency?: string[];
  dataClusters?: string[];
  /** Clusters this version added to spec.data.release. */
  releases: string[];
}

/** One release of retained data, and when the sync carried it out. @public */
export interface EvidenceRelease {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  specVersion: number;
  requestId?: string;
  approvedBy?: string;
  approvedAt?: string;
  /** When the sync deleted it; absent while it is still to be carried out. */
  executedAt?: string;
}

/** A data object the inventory records in a cluster now. @public */
export interface EvidenceDataObject {
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  state: 'applied' | 'retained';
  specVersion?: number;
}

/** An auditor's export of where a service's data has lived, and by whose approval. @public */
export interface ServiceEvidence {
  entityRef: string;
  generatedAt: string;
  classification?: string;
  residency?: string[];
  /** The governance policies of the classification, as configured now. */
  governance: { classification: string; allowedJurisdictions: string[] }[];
  versions: EvidenceVersion[];
  dataResidency: DataResidencyRecord[];
  releases: EvidenceRelease[];
  /** The data objects the inventory records in the clusters now. */
  currentData: EvidenceDataObject[];
}
