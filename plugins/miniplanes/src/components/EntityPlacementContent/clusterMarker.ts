import {
  ClusterDecision,
  formatCount,
} from '@miniplanes/plugin-miniplanes-common';

/** What a cluster's marker shows: the most telling thing it holds. */
export type MarkerKind = 'data' | 'compute' | 'config' | 'none';

/** Data first: where data lives is what residency is about. */
export function markerKind(cluster: ClusterDecision): MarkerKind {
  if (!cluster.selected) return 'none';
  if (cluster.roles.includes('data')) return 'data';
  if (cluster.roles.includes('compute')) return 'compute';
  return 'config';
}

const replicas = (count: number) => formatCount(count, 'replica');

/** The marker's accessible name: the cluster, where it is and what it holds. */
export function markerLabel(cluster: ClusterDecision): string {
  const where = [cluster.labels.jurisdiction, cluster.labels.region]
    .filter(Boolean)
    .join(', ');
  const holds = [
    cluster.roles.includes('data') &&
      `holds data (${replicas(cluster.replicas.data)})`,
    cluster.roles.includes('compute') &&
      `runs compute (${replicas(cluster.replicas.compute)})`,
  ].filter(Boolean);
  let what = holds.join(', ');
  if (!cluster.selected) what = 'not chosen';
  else if (holds.length === 0) what = 'receives config only';
  return `${cluster.name}${where ? ` (${where})` : ''}: ${what}`;
}
