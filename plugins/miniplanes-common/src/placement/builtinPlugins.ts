import { ClusterProfile } from '../model/types';
import { formatTaint, tolerates, untoleratedTaints } from '../model/taints';
import {
  FailoverPolicy,
  PlacementContext,
  PlacementPlugin,
  Reason,
} from './types';
import { withinGracePeriod } from './failover';
import { FilterMemo, listKeys, NONE } from './filterMemo';
import { freeCapacity, freeCpuScore } from './freeCapacity';
import { ranThere } from './previousRoles';
import { SelectorMemo } from './selectorMemo';
import { kindsToServe } from './workloads';

const formatCores = (n: number) => `${Math.round(n * 100) / 100}`;
const formatGibibytes = (n: number) =>
  `${Math.round((n / 2 ** 30) * 10) / 10}Gi`;

/** Each filter's reasons per attribute value: see `FilterMemo`. */
const memo = {
  selector: new SelectorMemo(),
  capability: new FilterMemo<number>(),
  taint: new FilterMemo(),
  residency: new FilterMemo(),
  capacity: new FilterMemo(),
  served: new FilterMemo(),
};
const identity = (item: string) => item;
const taintKey = listKeys(formatTaint);
const servedKey = listKeys(identity);

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
    return memo.selector.reasons(context, selector, cluster);
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
    if (required.length > 30) return missingCapabilities(cluster, context);
    // A bit per required capability the cluster lacks: all its reasons depend on.
    let missing = 0;
    for (let i = 0; i < required.length; i++)
      if (!cluster.capabilities.includes(required[i])) missing |= 1 << i;
    if (missing === 0) return NONE;
    return memo.capability.reasons(
      context,
      missing,
      cluster,
      missingCapabilities,
    );
  },
};

function missingCapabilities(
  cluster: ClusterProfile,
  context: PlacementContext,
): Reason[] {
  return context.service.spec.placement
    .requires!.filter(c => !cluster.capabilities.includes(c))
    .map(c => ({
      code: 'Capability',
      message: `missing capability ${c}`,
    }));
}

/**
 * Only clusters whose NoSchedule/NoExecute taints are all tolerated.
 *
 * @public
 */
export const taintFilter: PlacementPlugin = {
  name: 'Taint',
  filter(cluster, context) {
    if (cluster.taints.length === 0) return NONE;
    return memo.taint.reasons(
      context,
      taintKey(cluster.taints),
      cluster,
      notTolerated,
    );
  },
};

function notTolerated(
  cluster: ClusterProfile,
  context: PlacementContext,
): Reason[] {
  return untoleratedTaints(
    cluster.taints,
    context.service.spec.placement.tolerations,
  ).map(t => ({
    code: 'Taint',
    message: `taint ${formatTaint(t)} not tolerated`,
  }));
}

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
    return memo.residency.reasons(
      context,
      cluster.labels.jurisdiction ?? '',
      cluster,
      outsideJurisdictions,
    );
  },
};

function outsideJurisdictions(
  { labels: { jurisdiction } }: ClusterProfile,
  { service, role, residencyCountries, governance }: PlacementContext,
): Reason[] {
  const residency = service.spec.data?.residency;
  const reasons: Reason[] = [];
  if (residency?.length && residencyCountries) {
    if (!jurisdiction) {
      reasons.push({
        code: 'Residency',
        message: `no jurisdiction label, so residency [${residency.join(
          ', ',
        )}] cannot be met`,
      });
    } else if (!residencyCountries.has(jurisdiction)) {
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
    for (const rule of governance ?? []) {
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
}

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
      return memo.capacity.reasons(context, 'unknown', cluster, unknownRoom);
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

function unknownRoom(
  _cluster: ClusterProfile,
  { requests }: PlacementContext,
): Reason[] {
  return [
    { code: 'Capacity', message: `capacity unknown: ${requests.unknown}` },
  ];
}

/**
 * Only clusters that serve every kind the role uses (CRDs installed), but
 * for the kinds the service's own CRDs bring.
 *
 * @public
 */
export const resourceServedFilter: PlacementPlugin = {
  name: 'ResourceNotServed',
  filter(cluster, context) {
    const served = cluster.servedResources;
    if (!served) return NONE;
    return memo.served.reasons(context, servedKey(served), cluster, notServed);
  },
};

function notServed(
  { servedResources }: ClusterProfile,
  { service, role }: PlacementContext,
): Reason[] {
  return kindsToServe(service, role)
    .filter(id => !servedResources!.includes(id))
    .map(id => ({
      code: 'ResourceNotServed',
      message: `does not serve ${id.replace(/\/([^/]+)$/, ' $1')}`,
    }));
}

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
