import { ClusterProfile, FederatedService, ResourceRole } from '../model/types';
import { ServicePlan } from './planPlacement';
import { ClusterDecision, Reason } from './types';
import { RoleOutcome, UNSCORED } from './roleOutcome';
import { manifestsOfRole } from './workloads';

/*
 * Most clusters run nothing: their lines share these. Decisions are
 * immutable values (as the labels and scores they share say already).
 */
const NO_REPLICAS: Record<ResourceRole, number> = Object.freeze({
  data: 0,
  compute: 0,
  config: 0,
});
const NO_ROLES: ResourceRole[] = Object.freeze([]) as unknown as ResourceRole[];

/** A bit a role, to gather the roles that give a reason. */
const ROLE_BIT: Record<ResourceRole, number> = {
  data: 1,
  compute: 2,
  config: 4,
};
const ROLE_ORDER: ResourceRole[] = ['data', 'compute', 'config'];

const same = (a: Reason, b: Reason) =>
  a === b || (a.code === b.code && a.message === b.message);

function selectedMessage(
  names: string,
  role: ResourceRole,
  replicas: number,
): string {
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
 * The lines of a plan's decision, with what every line reads looked up
 * once: a decision has 1,000s of lines, and each builds little more than
 * what it returns. Every role's reasons go, in role order, into scratch
 * arrays reused from line to line, and so do the merged ones, copied out
 * at their exact length.
 */
export class ClusterLines {
  private readonly outcomes: RoleOutcome[];
  private readonly scored?: RoleOutcome;
  /** The evaluated roles, by bit, when their reasons are merged; else 0. */
  private readonly everyRole: number = 0;
  private readonly selected = new Map<ResourceRole, Map<number, Reason>>();
  private readonly reasons: Reason[] = [];
  private readonly roles: number[] = [];
  private readonly merged: Reason[] = [];
  /**
   * The merged form of each reason, without a role or with one: a reason
   * object is most often shared by many clusters, so are its copies.
   */
  private readonly copies = {
    all: new Map<Reason, Reason>(),
    data: new Map<Reason, Reason>(),
    compute: new Map<Reason, Reason>(),
    config: new Map<Reason, Reason>(),
  };

  constructor(plan: ServicePlan, private readonly service: FederatedService) {
    this.outcomes = plan.roles.map(role => plan.outcomes.get(role)!);
    this.scored =
      plan.outcomes.get('compute') ??
      plan.outcomes.get('data') ??
      plan.outcomes.get('config');
    if (plan.evaluatedRoles.length > 1)
      for (const role of plan.evaluatedRoles) this.everyRole |= ROLE_BIT[role];
  }

  decide(cluster: ClusterProfile, position: number): ClusterDecision {
    const { reasons, roles } = this;
    let replicas = NO_REPLICAS;
    let placedRoles = NO_ROLES;
    let count = 0;
    for (const outcome of this.outcomes) {
      const { role } = outcome;
      const own = outcome.reasons[position];
      if (own !== undefined) {
        for (let i = 0; i < own.length; i++) {
          reasons[count] = own[i];
          roles[count++] = ROLE_BIT[role];
        }
      }
      const placed = outcome.selected.get(position);
      if (placed !== undefined) {
        if (placedRoles === NO_ROLES) {
          replicas = { data: 0, compute: 0, config: 0 };
          placedRoles = [];
        }
        replicas[role] = placed;
        placedRoles.push(role);
        reasons[count] = this.selectedReason(role, placed);
        roles[count++] = ROLE_BIT[role];
      }
    }
    return {
      name: cluster.name,
      selected: placedRoles.length > 0,
      replicas,
      roles: placedRoles,
      reasons:
        this.everyRole === 0
          ? reasons.slice(0, count)
          : this.merged.slice(0, this.mergeReasons(count)),
      score: this.scored?.scores[position] ?? UNSCORED,
      labels: cluster.labels,
    };
  }

  /** A role's Selected reason, one object per role and replicas. */
  private selectedReason(role: ResourceRole, replicas: number): Reason {
    let byReplicas = this.selected.get(role);
    if (!byReplicas) {
      byReplicas = new Map();
      this.selected.set(role, byReplicas);
    }
    let reason = byReplicas.get(replicas);
    if (!reason) {
      const names = manifestsOfRole(this.service, role)
        .map(m => `${m.kind} ${m.metadata.name}`)
        .join(', ');
      reason = {
        code: 'Selected',
        message: selectedMessage(names, role, replicas),
      };
      byReplicas.set(replicas, reason);
    }
    return reason;
  }

  /**
   * A reason every evaluated role gives is stated once, without a role;
   * the others once per role that gives them. Merges the first `count`
   * scratch reasons into `merged` and returns how many it wrote.
   */
  private mergeReasons(count: number): number {
    const { reasons, roles, merged, everyRole } = this;
    let length = 0;
    for (let index = 0; index < count; index++) {
      const reason = reasons[index];
      // Stated already, for this or another role?
      let stated = false;
      for (let before = 0; before < index && !stated; before++)
        stated = same(reasons[before], reason);
      if (stated) continue;
      let givenBy = 0;
      for (let other = index; other < count; other++)
        if (same(reasons[other], reason)) givenBy |= roles[other];
      if ((givenBy & everyRole) === everyRole) {
        merged[length++] = this.copyOf(reason, 'all');
      } else {
        for (const role of ROLE_ORDER)
          if (givenBy & ROLE_BIT[role])
            merged[length++] = this.copyOf(reason, role);
      }
    }
    return length;
  }

  private copyOf(reason: Reason, role: ResourceRole | 'all'): Reason {
    const copies = this.copies[role];
    let copy = copies.get(reason);
    if (!copy) {
      copy =
        role === 'all'
          ? { code: reason.code, message: reason.message }
          : { code: reason.code, message: reason.message, role };
      copies.set(reason, copy);
    }
    return copy;
  }
}
