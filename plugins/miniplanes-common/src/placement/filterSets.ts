import { tolerates } from '../model/taints';
import { LabelSelector, Resources, Toleration } from '../model/types';
import {
  Bitset,
  BitsetPool,
  emptySet,
  intersectInto,
  subtractInto,
  uniteInto,
} from './bitset';
import { FleetBitsets, TaintedClusters } from './fleetBitsets';

/*
 * The built-in filters as sets: each function gives the clusters a filter
 * lets through, for the whole fleet at once, with the verdict the plugin
 * gives cluster by cluster (filterChecks.test.ts checks they agree). What
 * they return is one of the index's own sets or one from the pool: read
 * it, never change it, and not past the pool's next `takeBack`.
 */

/** Clusters whose labels match the selector (Kubernetes semantics). */
export function matchingSelector(
  fleet: FleetBitsets,
  pool: BitsetPool,
  selector: LabelSelector | undefined,
): Bitset {
  if (!selector) return fleet.all;
  const parts: Bitset[] = [];
  let excluded: Bitset | undefined;
  const exclude = (set: Bitset) => {
    excluded ??= pool.empty();
    uniteInto(excluded, set);
  };
  const withValue = (key: string, value: string) =>
    fleet.labelValues.get(key)?.get(value);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    parts.push(withValue(key, value) ?? fleet.none);
  for (const { key, operator, values = [] } of selector.matchExpressions ??
    []) {
    switch (operator) {
      case 'In': {
        const any = pool.empty();
        for (const value of values) {
          const set = withValue(key, value);
          if (set) uniteInto(any, set);
        }
        parts.push(any);
        break;
      }
      case 'NotIn':
        for (const value of values) {
          const set = withValue(key, value);
          if (set) exclude(set);
        }
        break;
      case 'Exists':
        parts.push(fleet.labelKeys.get(key) ?? fleet.none);
        break;
      case 'DoesNotExist': {
        const set = fleet.labelKeys.get(key);
        if (set) exclude(set);
        break;
      }
      default:
        // An operator the filter does not know matches nothing.
        return fleet.none;
    }
  }
  if (parts.length === 1 && !excluded) return parts[0];
  const matching = pool.copy(fleet.all);
  for (const part of parts) intersectInto(matching, part);
  if (excluded) subtractInto(matching, excluded);
  return matching;
}

/** Clusters offering every required capability. */
export function offeringCapabilities(
  fleet: FleetBitsets,
  pool: BitsetPool,
  required: string[] | undefined,
): Bitset {
  if (!required?.length) return fleet.all;
  if (required.length === 1)
    return fleet.capabilities.get(required[0]) ?? fleet.none;
  const offering = pool.copy(fleet.all);
  for (const capability of required)
    intersectInto(offering, fleet.capabilities.get(capability) ?? fleet.none);
  return offering;
}

/** Clusters carrying one of `taints` that no toleration covers. */
function untolerated(
  pool: BitsetPool,
  taints: TaintedClusters[],
  tolerations: Toleration[],
): Bitset {
  const carrying = pool.empty();
  for (const { taint, clusters } of taints)
    if (!tolerations.some(t => tolerates(t, taint)))
      uniteInto(carrying, clusters);
  return carrying;
}

/** Clusters whose NoSchedule and NoExecute taints are all tolerated. */
export function toleratedTaints(
  fleet: FleetBitsets,
  pool: BitsetPool,
  tolerations: Toleration[] | undefined,
): Bitset {
  if (!tolerations?.length) return fleet.hardTaintFree;
  const allowed = pool.copy(fleet.all);
  subtractInto(allowed, untolerated(pool, fleet.hardTaints, tolerations));
  return allowed;
}

/** Clusters a PreferNoSchedule taint the service does not tolerate makes it avoid. */
export function avoidedForSoftTaints(
  fleet: FleetBitsets,
  pool: BitsetPool,
  tolerations: Toleration[] | undefined,
): Bitset {
  return untolerated(pool, fleet.softTaints, tolerations ?? []);
}

/** Clusters whose jurisdiction label is one of the countries (in a set of its own, to keep). */
export function inCountries(
  fleet: FleetBitsets,
  countries: Iterable<string>,
): Bitset {
  const inside = emptySet(fleet.size);
  const byCountry = fleet.labelValues.get('jurisdiction');
  for (const country of countries) {
    const set = byCountry?.get(country);
    if (set) uniteInto(inside, set);
  }
  return inside;
}

/** Clusters serving every kind (`group/version/Kind`) given. */
export function servingKinds(
  fleet: FleetBitsets,
  pool: BitsetPool,
  kinds: string[],
): Bitset {
  if (kinds.length === 1)
    return fleet.served.get(kinds[0]) ?? fleet.servesAnything;
  const serving = pool.copy(fleet.all);
  for (const kind of kinds)
    intersectInto(serving, fleet.served.get(kind) ?? fleet.servesAnything);
  return serving;
}

/** Whether one replica's requests fit what is free on the cluster. */
export function hasRoom(
  fleet: FleetBitsets,
  position: number,
  requests: Resources,
): boolean {
  return !(
    (requests.gpu > 0 && fleet.freeGpu[position] < requests.gpu) ||
    (requests.cpu > 0 && fleet.freeCpu[position] < requests.cpu) ||
    (requests.memory > 0 && fleet.freeMemory[position] < requests.memory)
  );
}

/**
 * The positions in `set` with room for one replica, ascending: the room
 * check of the Capacity filter, made only on the clusters every other
 * filter let through.
 */
export function positionsWithRoom(
  fleet: FleetBitsets,
  set: Bitset,
  requests: Resources,
): number[] {
  const { freeCpu, freeMemory, freeGpu } = fleet;
  const { cpu, memory, gpu } = requests;
  const positions: number[] = [];
  for (let i = 0; i < set.length; i++) {
    let word = set[i];
    while (word !== 0) {
      const low = word & -word;
      const position = (i << 5) + 31 - Math.clz32(low);
      word ^= low;
      if (gpu > 0 && freeGpu[position] < gpu) continue;
      if (cpu > 0 && freeCpu[position] < cpu) continue;
      if (memory > 0 && freeMemory[position] < memory) continue;
      positions.push(position);
    }
  }
  return positions;
}
