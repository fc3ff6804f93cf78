import { explainSelectorMismatch } from '../model/selectors';
import { formatTaint, tolerates, untoleratedTaints } from '../model/taints';
import { ClusterProfile } from '../model/types';
import { PlacementPlugin, Reason } from './types';
import { manifestsOfRole, resourceId } from './workloads';

const formatCores = (n: number) => `${Math.round(n * 100) / 100}`;
const formatGibibytes = (n: number) =>
  `${Math.round((n / 2 ** 30) * 10) / 10}Gi`;

function free(cluster: ClusterProfile) {
  const used = cluster.allocated ?? { cpu: 0, memory: 0, gpu: 0 };
  return {
    cpu: cluster.capacity.cpu - used.cpu,
    memory: cluster.capacity.memory - used.memory,
    gpu: cluster.capacity.gpu - used.gpu,
  };
}

/** Only clusters whose labels match the service's clusterSelector. */
export const selectorFilter: PlacementPlugin = {
  name: 'Selector',
  filter(cluster, { service }) {
    const mismatch = explainSelectorMismatch(
      service.spec.placement.clusterSelector,
      cluster.labels,
    );
    return mismatch
      ? [
          {
            code: 'Selector',
            message: `does not match the cluster selector: ${mismatch}`,
          },
        ]
      : [];
  },
};

/** Only clusters offering every required capability. */
export const capabilityFilter: PlacementPlugin = {
  name: 'Capability',
  filter(cluster, { service }) {
    return (service.spec.placement.requires ?? [])
      .filter(c => !cluster.capabilities.includes(c))
      .map(c => ({ code: 'Capability', message: `missing capability ${c}` }));
  },
};

/** Only clusters whose NoSchedule/NoExecute taints are all tolerated. */
export const taintFilter: PlacementPlugin = {
  name: 'Taint',
  filter(cluster, { service }) {
    return untoleratedTaints(
      cluster.taints,
      service.spec.placement.tolerations,
    ).map(t => ({
      code: 'Taint',
      message: `taint ${formatTaint(t)} not tolerated`,
    }));
  },
};

/** Only healthy clusters: an unhealthy one receives nothing new. */
export const healthFilter: PlacementPlugin = {
  name: 'Health',
  filter(cluster) {
    if (cluster.health.healthy) return [];
    const since = cluster.health.since ? ` since ${cluster.health.since}` : '';
    const why = cluster.health.message ? `: ${cluster.health.message}` : '';
    return [{ code: 'Health', message: `cluster unhealthy${since}${why}` }];
  },
};

/**
 * Where data may live: its residency (jurisdictions, groups expanded) and
 * every governance policy for its classification. Compute follows the data
 * unless the service allows it to run outside (computeOutsideResidency).
 */
export const residencyFilter: PlacementPlugin = {
  name: 'Residency',
  filter(cluster, context) {
    const { service, role } = context;
    const residency = service.spec.data?.residency;
    const restricted =
      role === 'data' ||
      (role === 'compute' && !service.spec.placement.computeOutsideResidency);
    if (!restricted) return [];
    const jurisdiction = cluster.labels.jurisdiction;
    const reasons: Reason[] = [];
    const residencyCountries = context.residencyCountries;
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
  },
};

/** Only clusters with room for one replica (cpu, memory, GPUs). */
export const capacityFilter: PlacementPlugin = {
  name: 'Capacity',
  filter(cluster, { requests }) {
    const room = free(cluster);
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
    return reasons;
  },
};

/** Only clusters that serve every kind the role uses (CRDs installed). */
export const resourceServedFilter: PlacementPlugin = {
  name: 'ResourceNotServed',
  filter(cluster, { service, role }) {
    const served = cluster.servedResources;
    if (!served) return [];
    return manifestsOfRole(service, role)
      .map(resourceId)
      .filter(id => !served.includes(id))
      .map(id => ({
        code: 'ResourceNotServed',
        message: `does not serve ${id.replace(/\/([^/]+)$/, ' $1')}`,
      }));
  },
};

/** Prefers clusters with more free cpu. */
export const capacityScorer: PlacementPlugin = {
  name: 'capacity',
  score(cluster) {
    if (cluster.capacity.cpu <= 0) return 0;
    return Math.round(
      (Math.max(0, free(cluster).cpu) / cluster.capacity.cpu) * 100,
    );
  },
};

/** Prefers clusters already running the role, so fleet changes do not reshuffle placement. */
export const stabilityScorer: PlacementPlugin = {
  name: 'stability',
  weight: 2,
  score(cluster, { previous, role }) {
    const before = previous?.clusters.find(c => c.name === cluster.name);
    return before?.roles.includes(role) ? 100 : 0;
  },
};

/** Avoids clusters with PreferNoSchedule taints the service does not tolerate. */
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

/** The default pipeline, filters first, in the order reasons are reported. */
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
