/**
 * The evidence for auditors, as `GET /services/:namespace/:kind/:name/evidence`
 * serves it: where a service's data has lived, by whose approval. The types
 * are the OpenAPI document's, generated into schema/openapi.
 */

export type {
  /** Who put a service's data somewhere, or took it away. */
  EvidenceCause,
  EvidenceCauseTypeEnum,
  /** One stretch of time a cluster held the service's data. */
  EvidenceInterval,
  EvidenceIntervalStateEnum,
  /** Whether a jurisdiction met the service's residency and governance. */
  ResidencyCheck,
  /** Where a service's data lived in one cluster over time, and whether that was allowed. */
  DataResidencyRecord,
  /** One approved version of the service, with who asked and who approved. */
  EvidenceVersion,
  EvidenceVersionSourceEnum,
  /** One release of retained data, and when the sync carried it out. */
  EvidenceRelease,
  /** A data object the inventory records in a cluster now. */
  EvidenceDataObject,
  EvidenceDataObjectStateEnum,
  /** A governance policy of the service's classification, as the evidence records it. */
  EvidenceGovernance,
  /** An auditor's export of where a service's data has lived, and by whose approval. */
  ServiceEvidence,
} from '../schema/openapi';
