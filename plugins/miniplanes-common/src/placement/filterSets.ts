import { tolerates } from '../model/taints';
import { LabelSelector, Toleration } from '../model/types';
import {
  Bitset,
  emptySet,
  intersectInto,
  subtractInto,
  uniteInto,
} from './bitset';
import { FleetBitsets, TaintedClusters } from './fleetBitsets';

/*
 * The built-in filters as sets: each function gives the clusters a filter
 * lets through, for the whole fleet at once, with the verdict the plugin
 * gives cluster by cluster (properties.test.ts checks they agree). What
 * they return may be one of the index's own sets: read it, never change it.
 */

/** Clusters whose labels match the selector (Kubernetes semantics). */
export function matchingSelector(
  fleet: FleetBitsets,
  selector: LabelSelector | undefined,
): Bitset {
  if (!selector) return fleet.all;
  const parts: Bitset[] = [];
  let excluded: Bitset | undefined;
  const exclude = (set: Bitset) => {
    excluded ??= emptySet(fleet.size);
    uniteInto(excluded, set);
  };
  const withValue = (key: string, value: string) =>
    fleet.labelValues.get(key)?.get(value);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    parts.push(withValue(key, value) ?? emptySet(fleet.size));
  for (const { key, operator, values = [] } of selector.matchExpressions ??
    []) {
    switch (operator) {
      case 'In': {
        const any = emptySet(fleet.size);
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
        parts.push(fleet.labelKeys.get(key) ?? emptySet(fleet.size));
        break;
      case 'DoesNotExist': {
        const set = fleet.labelKeys.get(key);
        if (set) exclude(set);
        break;
      }
      default:
        // An operator the filter does not know matches nothing.
        return emptySet(fleet.size);
    }
  }
  if (parts.length === 1 && !excluded) return parts[0];
  const matching = fleet.all.slice();
  for (const part of parts) intersectInto(matching, part);
  if (excluded) subtractInto(matching, excluded);
  return matching;
}

/** Clusters offering every required capability. */
export function offeringCapabilities(
  fleet: FleetBitsets,
  required: string[] | undefined,
): Bitset {
  if (!required?.length) return fleet.all;
  if (required.length === 1)
    return fleet.capabilities.get(required[0]) ?? emptySet(fleet.size);
  const offering = fleet.all.slice();
  for (const capability of required)
    intersectInto(
      offering,
      fleet.capabilities.get(capability) ?? emptySet(fleet.size),
    );
  return offering;
}

/** Clusters carrying one of `taints` that no toleration covers. */
function untolerated(
  fleet: FleetBitsets,
  taints: TaintedClusters[],
  tolerations: Toleration[],
): Bitset {
  const carrying = emptySet(fleet.size);
  for (const { taint, clusters } of taints)
    if (!tolerations.some(t => tolerates(t, taint)))
      uniteInto(carrying, clusters);
  return carrying;
}

/** Clusters whose NoSchedule and NoExecute taints are all tolerated. */
export function toleratedTaints(
  fleet: FleetBitsets,
  tolerations: Toleration[] | undefined,
): Bitset {
  const allowed = fleet.all.slice();
  subtractInto(
    allowed,
    tolerations?.length
      ? untolerated(fleet, fleet.hardTaints, tolerations)
      : fleet.hardTainted,
  );
  return allowed;
}

/** Clusters a PreferNoSchedule taint the service does not tolerate makes it avoid. */
export function avoidedForSoftTaints(
  fleet: FleetBitsets,
  tolerations: Toleration[] | undefined,
): Bitset {
  return untolerated(fleet, fleet.softTaints, tolerations ?? []);
}

/** Clusters whose jurisdiction label is one of the countries. */
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
export function servingKinds(fleet: FleetBitsets, kinds: string[]): Bitset {
  if (kinds.length === 1)
    return fleet.served.get(kinds[0]) ?? fleet.servesAnything;
  const serving = fleet.all.slice();
  for (const kind of kinds)
    intersectInto(serving, fleet.served.get(kind) ?? fleet.servesAnything);
  return serving;
}

/** Whether one replica's requests fit what is free on the cluster. */
export function hasRoom(
  fleet: FleetBitsets,
  position: number,
  requests: { cpu: number; memory: number; gpu: number },
): boolean {
  return !(
    (requests.gpu > 0 && fleet.freeGpu[position] < requests.gpu) ||
    (requests.cpu > 0 && fleet.freeCpu[position] < requests.cpu) ||
    (requests.memory > 0 && fleet.freeMemory[position] < requests.memory)
  );
}
