import { ClusterProfile, FederatedService, ResourceRole } from '../model/types';
import { ServicePlan } from './planPlacement';
import { FleetIndex } from './fleetIndex';
import { ClusterDecision, PlacementDecision, Reason } from './types';
import { manifestsOfRole } from './workloads';

/**
 * The full decision of a plan: one line per fleet cluster, sorted by name,
 * every reason with its message.
 */
export function spellOutDecision(
  plan: ServicePlan,
  service: FederatedService,
  { clusters }: FleetIndex,
): PlacementDecision {
  return {
    satisfiable: plan.unsatisfied.length === 0,
    clusters: clusters.map((cluster, position) =>
      decideCluster(plan, service, cluster, position),
    ),
    // Copies: a plan may be shared with other services' decisions.
    unsatisfied: plan.unsatisfied.map(reason => ({ ...reason })),
    summary: plan.summary.map(role => ({
      ...role,
      clusters: [...role.clusters],
    })),
  };
}

/** One cluster's line of the decision: its replicas, its reasons, its score. */
export function decideCluster(
  plan: ServicePlan,
  service: FederatedService,
  cluster: ClusterProfile,
  position: number,
): ClusterDecision {
  const { roles, evaluatedRoles, outcomes } = plan;
  const replicas: Record<ResourceRole, number> = {
    data: 0,
    compute: 0,
    config: 0,
  };
  const placedRoles: ResourceRole[] = [];
  const perRole: { role: ResourceRole; reason: Reason }[] = [];
  for (const role of roles) {
    const outcome = outcomes.get(role)!;
    const count = outcome.selected.get(position);
    for (const reason of outcome.reasons[position] ?? [])
      perRole.push({ role, reason });
    if (count !== undefined) {
      replicas[role] = count;
      placedRoles.push(role);
      perRole.push({
        role,
        reason: {
          code: 'Selected',
          message: selectedMessage(service, role, count),
        },
      });
    }
  }
  const scored =
    outcomes.get('compute') ?? outcomes.get('data') ?? outcomes.get('config');
  return {
    name: cluster.name,
    selected: placedRoles.length > 0,
    replicas,
    roles: placedRoles,
    reasons: mergeReasons(perRole, evaluatedRoles),
    score: scored?.scores[position] ?? { total: 0, breakdown: {} },
    labels: cluster.labels,
  };
}

function selectedMessage(
  service: FederatedService,
  role: ResourceRole,
  replicas: number,
): string {
  const names = manifestsOfRole(service, role)
    .map(m => `${m.kind} ${m.metadata.name}`)
    .join(', ');
  switch (role) {
    case 'data':
      return `holds data: ${names} (${replicas} replica${
        replicas === 1 ? '' : 's'
      })`;
    case 'compute':
      return `runs compute: ${names} (${replicas} replica${
        replicas === 1 ? '' : 's'
      })`;
    default:
      return `receives config: ${names}`;
  }
}

/**
 * A reason every evaluated role shares is stated once, without a role; so
 * is every reason of a service with one role.
 */
function mergeReasons(
  perRole: { role: ResourceRole; reason: Reason }[],
  evaluatedRoles: ResourceRole[],
): Reason[] {
  if (evaluatedRoles.length <= 1) return perRole.map(p => p.reason);
  const same = (a: Reason, b: Reason) =>
    a === b || (a.code === b.code && a.message === b.message);
  const merged: Reason[] = [];
  perRole.forEach(({ reason }, index) => {
    // Stated already, for this or another role?
    for (let before = 0; before < index; before++)
      if (same(perRole[before].reason, reason)) return;
    const roles = new Set<ResourceRole>();
    for (const other of perRole)
      if (same(other.reason, reason)) roles.add(other.role);
    if (evaluatedRoles.every(r => roles.has(r))) {
      merged.push({ code: reason.code, message: reason.message });
    } else {
      for (const r of roles)
        merged.push({ code: reason.code, message: reason.message, role: r });
    }
  });
  return merged;
}
