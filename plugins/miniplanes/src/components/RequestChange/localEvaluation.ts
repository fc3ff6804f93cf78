import {
  ClusterProfile,
  FederatedService,
  Fleet,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Why the browser cannot evaluate this service exactly as the server does;
 * undefined when it can. GET /clusters serves the clusters' profiles but not
 * the fleet's jurisdiction groups nor its governance policies, so a service
 * that depends on either is left to the server.
 */
export function localEvaluationBlocker(
  service: FederatedService,
  clusters: ClusterProfile[],
): string | undefined {
  const classification = service.spec.data?.classification;
  if (classification) {
    return `governance policies for ${classification} data are known to the server only`;
  }
  const countries = new Set(clusters.map(c => c.labels.jurisdiction));
  const groups = (service.spec.data?.residency ?? []).filter(
    name => !countries.has(name),
  );
  if (groups.length > 0) {
    return `residency ${groups.join(
      ', ',
    )} may name jurisdiction groups known to the server only`;
  }
  return undefined;
}

/** The fleet as the browser knows it: the clusters, without groups or policies. */
export function browserFleet(clusters: ClusterProfile[]): Fleet {
  return { jurisdictions: {}, governance: [], clusters };
}
