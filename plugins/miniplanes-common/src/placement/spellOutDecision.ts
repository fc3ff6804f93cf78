import { ClusterProfile, FederatedService, ResourceRole } from '../model/types';
import { ServicePlan } from './planPlacement';
import { FleetIndex } from './fleetIndex';
import { ClusterDecision, PlacementDecision, Reason } from './types';
import { NO_REASONS, UNSCORED } from './roleOutcome';
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
  // Every role's reasons, in role order, and the role each is of: two
  // arrays rather than an object a reason (a decision has 1,000s of lines).
  const reasons: Reason[] = [];
  const reasonRoles: ResourceRole[] = [];
  for (const role of roles) {
    const outcome = outcomes.get(role)!;
    for (const reason of outcome.reasons[position] ?? NO_REASONS) {
      reasons.push(reason);
      reasonRoles.push(role);
    }
    const count = outcome.selected.get(position);
    if (count !== undefined) {
      replicas[role] = count;
      placedRoles.push(role);
      reasons.push({
        code: 'Selected',
        message: selectedMessage(service, role, count),
      });
      reasonRoles.push(role);
    }
  }
  const scored =
    outcomes.get('compute') ?? outcomes.get('data') ?? outcomes.get('config');
  return {
    name: cluster.name,
    selected: placedRoles.length > 0,
    replicas,
    roles: placedRoles,
    reasons: mergeReasons(reasons, reasonRoles, evaluatedRoles),
    score: scored?.scores[position] ?? UNSCORED,
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

/** A bit a role, to gather the roles that give a reason. */
const ROLE_BIT: Record<ResourceRole, number> = {
  data: 1,
  compute: 2,
  config: 4,
};
const ROLE_ORDER: ResourceRole[] = ['data', 'compute', 'config'];

/**
 * A reason every evaluated role shares is stated once, without a role; so
 * is every reason of a service with one role. `roles[i]` is the role of
 * `reasons[i]`, and the reasons come in role order.
 */
function mergeReasons(
  reasons: Reason[],
  roles: ResourceRole[],
  evaluatedRoles: ResourceRole[],
): Reason[] {
  if (evaluatedRoles.length <= 1) return reasons;
  const same = (a: Reason, b: Reason) =>
    a === b || (a.code === b.code && a.message === b.message);
  let everyRole = 0;
  for (const role of evaluatedRoles) everyRole |= ROLE_BIT[role];
  const merged: Reason[] = [];
  for (let index = 0; index < reasons.length; index++) {
    const reason = reasons[index];
    // Stated already, for this or another role?
    let stated = false;
    for (let before = 0; before < index && !stated; before++)
      stated = same(reasons[before], reason);
    if (stated) continue;
    let givenBy = 0;
    for (let other = index; other < reasons.length; other++)
      if (same(reasons[other], reason)) givenBy |= ROLE_BIT[roles[other]];
    if ((givenBy & everyRole) === everyRole) {
      merged.push({ code: reason.code, message: reason.message });
    } else {
      for (const role of ROLE_ORDER)
        if (givenBy & ROLE_BIT[role])
          merged.push({ code: reason.code, message: reason.message, role });
    }
  }
  return merged;
}
