import {
  ClusterProfile,
  FederatedService,
  Fleet,
  FleetGovernance,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Why the browser cannot evaluate this service exactly as the server does;
 * undefined when it can. The clusters come from GET /clusters, the
 * jurisdiction groups and governance policies from GET /governance: until
 * the data rules are read (or when they cannot be), a service that depends
 * on them is left to the server.
 */
export function localEvaluationBlocker(
  service: FederatedService,
  clusters: ClusterProfile[],
  governance: FleetGovernance | undefined,
): string | undefined {
  if (governance) return undefined;
  const classification = service.spec.data?.classification;
  if (classification) {
    return `the governance policies for ${classification} data are not loaded`;
  }
  const countries = new Set(clusters.map(c => c.labels.jurisdiction));
  const groups = (service.spec.data?.residency ?? []).filter(
    name => !countries.has(name),
  );
  if (groups.length > 0) {
    return `residency ${groups.join(
      ', ',
    )} may name jurisdiction groups, which are not loaded`;
  }
  return undefined;
}

/** The fleet as the browser knows it: the clusters, and the data rules once read. */
export function browserFleet(
  clusters: ClusterProfile[],
  governance: FleetGovernance | undefined,
): Fleet {
  return {
    jurisdictions: governance?.jurisdictions ?? {},
    governance: governance?.items ?? [],
    clusters,
    ...(governance ? { storageLocations: governance.storageLocations } : {}),
  };
}
