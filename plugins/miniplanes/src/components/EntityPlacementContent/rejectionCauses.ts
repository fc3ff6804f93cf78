import {
  ClusterDecision,
  ReasonCode,
  ResourceRole,
} from '@miniplanes/plugin-miniplanes-common';

/** One cause that kept clusters out, and the clusters it kept out. */
export interface RejectionCause {
  code: ReasonCode;
  role?: ResourceRole;
  clusters: string[];
}

/**
 * The clusters not chosen, grouped by what kept them out (code and role),
 * the cause that kept out the most first: what would have to change for the
 * service to go further. Each cluster's own words are in the clusters table.
 */
export function rejectionCauses(clusters: ClusterDecision[]): RejectionCause[] {
  const causes = new Map<string, RejectionCause>();
  for (const cluster of clusters) {
    if (cluster.selected) continue;
    for (const reason of cluster.reasons) {
      const key = `${reason.code}\u0000${reason.role ?? ''}`;
      const cause = causes.get(key) ?? {
        code: reason.code,
        ...(reason.role ? { role: reason.role } : {}),
        clusters: [],
      };
      // A cluster can give one cause twice (two missing capabilities).
      if (!cause.clusters.includes(cluster.name)) {
        cause.clusters.push(cluster.name);
      }
      causes.set(key, cause);
    }
  }
  return [...causes.values()].sort(
    (a, b) =>
      b.clusters.length - a.clusters.length || a.code.localeCompare(b.code),
  );
}
