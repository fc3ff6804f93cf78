import { ClusterProfile, Fleet } from '../model/types';

/**
 * The fleet's clusters sorted by name, and each name's position in that
 * order. Decisions list clusters in that order, and the engine refers to a
 * cluster by its position, so per-cluster results are plain arrays.
 */
export interface FleetIndex {
  clusters: ClusterProfile[];
  positions: Map<string, number>;
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : Number(a.name > b.name);

const indexes = new WeakMap<ClusterProfile[], FleetIndex>();

/** Indexes a fleet once: every later evaluation against the same cluster list reuses it. */
export function indexFleet(fleet: Fleet): FleetIndex {
  let index = indexes.get(fleet.clusters);
  if (!index) {
    const clusters = [...fleet.clusters].sort(byName);
    index = {
      clusters,
      positions: new Map(clusters.map((c, i) => [c.name, i])),
    };
    indexes.set(fleet.clusters, index);
  }
  return index;
}
