import { explainSelectorMismatch } from '../model/selectors';
import { LabelSelector } from '../model/types';
import { formatTaint, tolerates, untoleratedTaints } from '../model/taints';
import {
  FailoverPolicy,
  PlacementContext,
  PlacementPlugin,
  Reason,
} from './types';
import { withinGracePeriod } from './failover';
import { freeCapacity, freeCpuScore } from './freeCapacity';
import { ranThere } from './previousRoles';
import { kindsToServe } from './workloads';

const formatCores = (n: number) => `${Math.round(n * 100) / 100}`;
const formatGibibytes = (n: number) =>
  `${Math.round((n / 2 ** 30) * 10) / 10}Gi`;

/** Nothing to report: shared, since most filters pass most clusters. */
const NONE: Reason[] = Object.freeze([]) as unknown as Reason[];

/**
 * Filter results depend on a few cluster attributes (its jurisdiction, its
 * capabilities…), not on the cluster itself: computing them once per
 * attribute value and service role keeps large fleets fast. Decisions are
 * immutable values, so clusters may share reason objects.
 */
const memo = new WeakMap<PlacementContext, Map<string, Reason[]>>();
function remembered(
  context: PlacementContext,
  key: string,
  compute: () => Reason[],
): Reason[] {
  let cache = memo.get(context);
  if (!cache) {
    cache = new Map();
    memo.set(context, cache);
  }
  let reasons = cache.get(key);
  if (!reasons) {
    reasons = compute();
    cache.set(key, reasons.length === 0 ? NONE : reasons);
  }
  return reasons;
}

/** The label keys a selector reads, once per selector. */
const keysOfSelector = new WeakMap<LabelSelector, readonly string[]>();
function selectorKeys(selector: LabelSelector): readonly string[] {
  let keys = keysOfSelector.get(selector);
  if (!keys) {
    keys = [
      ...Object.keys(selector.matchLabels ?? {}),
      ...(selector.matchExpressions ?? []).map(e => e.key),
    ];
    keysOfSelector.set(selector, keys);
  }
  return keys;
}

/**
 * Only clusters whose labels match the service's clusterSelector.
 *
 * @public
 */
export const selectorFilter: PlacementPlugin = {
  name: 'Selector',
  filter(cluster, context) {
    const selector = context.service.spec.placement.clusterSelector;
    if (!selector) return NONE;
    // Built per cluster, and the fleet is large: one string, no arrays.
    let key = 'selector:';
    for (const k of selectorKeys(selector))
      key += `${cluster.labels[k] ?? '\u0001'}\u0000`;
    return remembered(context, key, () => {
      const mismatch = explainSelectorMismatch(selector, cluster.labels);
      return mismatch
        ? [
            {
              code: 'Selector',
              message: `does not match the cluster selector: ${mismatch}`,
            },
          ]
        : NONE;
    });
  },
};

/**
 * Only clusters offering every required capability.
 *
 * @public
 */
export const capabilityFilter: PlacementPlugin = {
  name: 'Capability',
  filter(cluster, context) {
    const required = context.service.spec.placement.requires;
    if (!required?.length) return NONE;
    return remembered(
      context,
      `capability:${cluster.capabilities.join(',')}`,
      () =>
        required
          .filter(c => !cluster.capabilities.includes(c))
          .map(c => ({
            code: 'Capability',
            message: `missing capability ${c}`,
          })),
    );
  },
};

/**
 * Only clusters whose NoSchedule/NoExecute taints are all tolerated.
 *
 * @public
 */
export const taintFilter: PlacementPlugin = {
  name: 'Taint',
  filter(cluster, context) {
    if (cluster.taints.length === 0) return NONE;
    return remembered(
      context,
      `taint:${cluster.taints.map(formatTaint).join(',')}`,
      () =>
        untoleratedTaints(
          cluster.taints,
          context.service.spec.placement.tolerations,
        ).map(t => ({
          code: 'Taint',
          message: `taint ${formatTaint(t)} not tolerated`,
        })),
    );
  },
};

/**
 * Only healthy clusters: an unhealthy one receives nothing new.
 *
 * @public
 */
export const healthFilter: PlacementPlugin = {
  name: 'Health',
  filter(cluster) {
    if (cluster.health.healthy) return NONE;
    const since = cluster.health.since ? ` since ${cluster.health.since}` : '';
    const why = cluster.health.message ? `: ${cluster.health.message}` : '';
    const state =
      cluster.health.status === 'Unknown' ? 'health unknown' : 'unhealthy';
    return [{ code: 'Health', message: `cluster ${state}${since}${why}` }];
  },
};

/**
 * The health filter with failover rules (see {@link FailoverPolicy}), in
 * place of `healthFilter` when an evaluation is given a failover policy:
 * what an unhealthy cluster already runs stays there for the grace period
 * (its data for good); past it, its compute fails over to other eligible
 * clusters, under the same filters as any placement.
 *
 * @public
 */
export function failoverHealthFilter(policy: FailoverPolicy): PlacementPlugin {
  const suffix = `; failed over after the ${Math.round(
    policy.gracePeriodMs / 1000,
  )} s grace period`;
  return {
    name: healthFilter.name,
    filter(cluster, context) {
      const unhealthy = healthFilter.filter!(cluster, context);
      if (
        unhealthy.length === 0 ||
        !ranThere(context.previous, cluster.name, context.role)
      )
        return unhealthy;
      if (context.role === 'data' || withinGracePeriod(cluster, policy))
        return NONE;
      return unhealthy.map(reason => ({
        ...reason,
        message: `${reason.message}${suffix}`,
      }));
    },
  };
}

/**
 * Where data may live: its residency (jurisdictions, groups expanded) and
 * every governance policy for its classification. Compute follows the data
 * unless the service allows it to run outside (computeOutsideResidency).
 *
 * @public
 */
export const residencyFilter: PlacementPlugin = {
  name: 'Residency',
  filter(cluster, context) {
    const { service, role } = context;
    const restricted =
      role === 'data' ||
      (role === 'compute' && !service.spec.placement.computeOutsideResidency);
    if (!restricted) return NONE;
    const jurisdiction = cluster.labels.jurisdiction;
    return remembered(context, `residency:${jurisdiction ?? ''}`, () => {
      const residency = service.spec.data?.residency;
      const reasons: Reason[] = [];
      if (residency?.length && context.residencyCountries) {
        if (!jurisdiction) {
          reasons.push({
            code: 'Residency',
            message: `no jurisdiction label, so residency [${residency.join(
              ', ',
            )}] cannot be met`,
          });
        } else if (!context.residencyCountries.has(jurisdiction)) {
          // The same words for data and compute, so the decision states it once.
          reasons.push({
            code: 'Residency',
            message: `jurisdiction ${jurisdiction} not in residency [${residency.join(
              ', ',
            )}]`,
          });
        }
      }
      if (role === 'data') {
        for (const rule of context.governance ?? []) {
          if (!jurisdiction || !rule.countries.has(jurisdiction)) {
            reasons.push({
              code: 'Governance',
              message: `${
                rule.policy.classification
              } data may only be stored in [${rule.policy.allowedJurisdictions.join(
                ', ',
              )}], not in jurisdiction ${jurisdiction ?? '(none)'}`,
            });
          }
        }
      }
      return reasons;
    });
  },
};

/**
 * Only clusters with room for one replica (cpu, memory, GPUs). None when
 * what a replica requests is unknown (an interpreter failed): placing it
 * as if it asked for nothing could overfill a cluster.
 *
 * @public
 */
export const capacityFilter: PlacementPlugin = {
  name: 'Capacity',
  filter(cluster, context) {
    const { requests } = context;
    if (requests.unknown !== undefined)
      return remembered(context, 'capacity:unknown', () => [
        { code: 'Capacity', message: `capacity unknown: ${requests.unknown}` },
      ]);
    if (requests.cpu === 0 && requests.memory === 0 && requests.gpu === 0)
      return NONE;
    const room = freeCapacity(cluster);
    const reasons: Reason[] = [];
    if (requests.gpu > 0 && room.gpu < requests.gpu) {
      reasons.push({
        code: 'Capacity',
        message:
          cluster.capacity.gpu === 0
            ? `insufficient capacity: no GPUs (needs ${requests.gpu} per replica)`
            : `insufficient capacity: needs ${requests.gpu} GPU per replica, ${room.gpu} free`,
      });
    }
    if (requests.cpu > 0 && room.cpu < requests.cpu) {
      reasons.push({
        code: 'Capacity',
        message: `insufficient capacity: needs ${formatCores(
          requests.cpu,
        )} cpu per replica, ${formatCores(Math.max(0, room.cpu))} free`,
      });
    }
    if (requests.memory > 0 && room.memory < requests.memory) {
      reasons.push({
        code: 'Capacity',
        message: `insufficient capacity: needs ${formatGibibytes(
          requests.memory,
        )} memory per replica, ${formatGibibytes(
          Math.max(0, room.memory),
        )} free`,
      });
    }
    return reasons.length > 0 ? reasons : NONE;
  },
};

/**
 * Only clusters that serve every kind the role uses (CRDs installed), but
 * for the kinds the service's own CRDs bring.
 *
 * @public
 */
export const resourceServedFilter: PlacementPlugin = {
  name: 'ResourceNotServed',
  filter(cluster, { service, role }) {
    const served = cluster.servedResources;
    if (!served) return NONE;
    return kindsToServe(service, role)
      .filter(id => !served.includes(id))
      .map(id => ({
        code: 'ResourceNotServed',
        message: `does not serve ${id.replace(/\/([^/]+)$/, ' $1')}`,
      }));
  },
};

/**
 * Prefers clusters with more free cpu.
 *
 * @public
 */
export const capacityScorer: PlacementPlugin = {
  name: 'capacity',
  score: cluster => freeCpuScore(cluster),
};

/**
 * Prefers clusters already running the role, so fleet changes do not reshuffle placement.
 *
 * @public
 */
export const stabilityScorer: PlacementPlugin = {
  name: 'stability',
  weight: 2,
  score: (cluster, { previous, role }) =>
    ranThere(previous, cluster.name, role) ? 100 : 0,
};

/**
 * Avoids clusters with PreferNoSchedule taints the service does not tolerate.
 *
 * @public
 */
export const preferNoScheduleScorer: PlacementPlugin = {
  name: 'taints',
  score(cluster, { service }) {
    const tolerations = service.spec.placement.tolerations ?? [];
    const avoided = cluster.taints.some(
      t =>
        t.effect === 'PreferNoSchedule' &&
        !tolerations.some(tol => tolerates(tol, t)),
    );
    return avoided ? 0 : 100;
  },
};

/**
 * The default pipeline, filters first, in the order reasons are reported.
 *
 * @public
 */
export const defaultPlacementPlugins: PlacementPlugin[] = [
  selectorFilter,
  capabilityFilter,
  taintFilter,
  residencyFilter,
  healthFilter,
  capacityFilter,
  resourceServedFilter,
  capacityScorer,
  stabilityScorer,
  preferNoScheduleScorer,
];
