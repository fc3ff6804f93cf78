import { formatTaint } from '../model/taints';
import { Taint } from '../model/types';
import {
  addPosition,
  Bitset,
  emptySet,
  fullSet,
  subtractInto,
  uniteInto,
} from './bitset';
import { FleetIndex } from './fleetIndex';
import { freeCapacity, freeCpuScore, freeCpuWeight } from './freeCapacity';

/** A taint some clusters carry, and which ones. */
export interface TaintedClusters {
  taint: Taint;
  clusters: Bitset;
}

/** The value of one label on every cluster, for grouping by it. */
export interface LabelColumn {
  /** Per position: an index into `values`, or -1 when the cluster has no such label. */
  valueOf: Int32Array;
  values: string[];
}

/**
 * What the built-in filters and scorers read of each cluster, indexed once
 * per fleet as sets (bitsets) per attribute value and as vectors of free
 * capacity, so that evaluating a service against the whole fleet is a few
 * set operations plus checks on the clusters that survive them.
 */
export interface FleetBitsets {
  size: number;
  all: Bitset;
  none: Bitset;
  healthy: Bitset;
  /** Per label key and value, the clusters with that label value. */
  labelValues: Map<string, Map<string, Bitset>>;
  /** Per label key, the clusters that have the label. */
  labelKeys: Map<string, Bitset>;
  capabilities: Map<string, Bitset>;
  /** The NoSchedule and NoExecute taints: untolerated by default, they keep workloads off. */
  hardTaints: TaintedClusters[];
  /** Clusters with no hard taint: where a service that tolerates nothing may go. */
  hardTaintFree: Bitset;
  /** The PreferNoSchedule taints: untolerated, they only lower the score. */
  softTaints: TaintedClusters[];
  /** Per `group/version/Kind` any cluster reports, the clusters serving it (those that report nothing included). */
  served: Map<string, Bitset>;
  /** Clusters that do not report what they serve: every kind is assumed served. */
  servesAnything: Bitset;
  freeCpu: Float64Array;
  freeMemory: Float64Array;
  freeGpu: Float64Array;
  /** The capacity scorer's value per cluster. */
  freeCpuScore: Float64Array;
  /** The weight per cluster when replicas are divided by capacity. */
  freeCpuWeight: Float64Array;
  /** The column of a label, built on first use. */
  column(key: string): LabelColumn;
}

const bitsetsByIndex = new WeakMap<FleetIndex, FleetBitsets>();

/** The bitsets of an indexed fleet, built once per fleet (per cluster list). */
export function fleetBitsets(index: FleetIndex): FleetBitsets {
  let bitsets = bitsetsByIndex.get(index);
  if (!bitsets) {
    bitsets = buildBitsets(index);
    bitsetsByIndex.set(index, bitsets);
  }
  return bitsets;
}

function buildBitsets({ clusters }: FleetIndex): FleetBitsets {
  const size = clusters.length;
  const setFor = <K>(map: Map<K, Bitset>, key: K) => {
    let set = map.get(key);
    if (!set) {
      set = emptySet(size);
      map.set(key, set);
    }
    return set;
  };
  const healthy = emptySet(size);
  const labelValues = new Map<string, Map<string, Bitset>>();
  const labelKeys = new Map<string, Bitset>();
  const capabilities = new Map<string, Bitset>();
  const taints = new Map<string, TaintedClusters>();
  const hardTainted = emptySet(size);
  const servedBy = new Map<string, Bitset>();
  const servesAnything = emptySet(size);
  const freeCpu = new Float64Array(size);
  const freeMemory = new Float64Array(size);
  const freeGpu = new Float64Array(size);
  const scores = new Float64Array(size);
  const weights = new Float64Array(size);

  clusters.forEach((cluster, position) => {
    if (cluster.health.healthy) addPosition(healthy, position);
    for (const [key, value] of Object.entries(cluster.labels)) {
      addPosition(setFor(labelKeys, key), position);
      let values = labelValues.get(key);
      if (!values) {
        values = new Map();
        labelValues.set(key, values);
      }
      addPosition(setFor(values, value), position);
    }
    for (const capability of cluster.capabilities)
      addPosition(setFor(capabilities, capability), position);
    for (const taint of cluster.taints) {
      const key = `${formatTaint(taint)}\u0000${taint.value === undefined}`;
      let tainted = taints.get(key);
      if (!tainted) {
        tainted = { taint, clusters: emptySet(size) };
        taints.set(key, tainted);
      }
      addPosition(tainted.clusters, position);
      if (taint.effect !== 'PreferNoSchedule')
        addPosition(hardTainted, position);
    }
    if (cluster.servedResources) {
      for (const id of cluster.servedResources)
        addPosition(setFor(servedBy, id), position);
    } else {
      addPosition(servesAnything, position);
    }
    const free = freeCapacity(cluster);
    freeCpu[position] = free.cpu;
    freeMemory[position] = free.memory;
    freeGpu[position] = free.gpu;
    scores[position] = freeCpuScore(cluster);
    weights[position] = freeCpuWeight(cluster);
  });
  for (const set of servedBy.values()) uniteInto(set, servesAnything);
  const hardTaintFree = fullSet(size);
  subtractInto(hardTaintFree, hardTainted);

  const columns = new Map<string, LabelColumn>();
  return {
    size,
    all: fullSet(size),
    none: emptySet(size),
    healthy,
    labelValues,
    labelKeys,
    capabilities,
    hardTaints: [...taints.values()].filter(
      t => t.taint.effect !== 'PreferNoSchedule',
    ),
    hardTaintFree,
    softTaints: [...taints.values()].filter(
      t => t.taint.effect === 'PreferNoSchedule',
    ),
    served: servedBy,
    servesAnything,
    freeCpu,
    freeMemory,
    freeGpu,
    freeCpuScore: scores,
    freeCpuWeight: weights,
    column(key) {
      let column = columns.get(key);
      if (!column) {
        const values: string[] = [];
        const ids = new Map<string, number>();
        const valueOf = new Int32Array(size).fill(-1);
        clusters.forEach((cluster, position) => {
          const value = cluster.labels[key];
          if (value === undefined) return;
          let id = ids.get(value);
          if (id === undefined) {
            id = values.length;
            ids.set(value, id);
            values.push(value);
          }
          valueOf[position] = id;
        });
        column = { valueOf, values };
        columns.set(key, column);
      }
      return column;
    },
  };
}
