import { expandJurisdictions } from '../model/jurisdictions';
import { matchesSelector } from '../model/selectors';
import {
  ClusterProfile,
  FederatedService,
  Fleet,
  ResourceRole,
} from '../model/types';
import { defaultPlacementPlugins } from './builtinPlugins';
import { divideReplicas } from './divideReplicas';
import {
  ClusterDecision,
  PlacementContext,
  PlacementDecision,
  PlacementPlugin,
  Reason,
  ReasonCode,
} from './types';
import {
  hasWorkloads,
  manifestReplicas,
  manifestsOfRole,
  replicaRequests,
} from './workloads';

const ROLE_ORDER: ResourceRole[] = ['data', 'compute', 'config'];

/** Which code best sums up a rejection when several reject as many clusters: hard rules first. */
const SEVERITY: ReasonCode[] = [
  'Governance',
  'Residency',
  'Health',
  'Capability',
  'Taint',
  'Selector',
  'Capacity',
  'ResourceNotServed',
  'Spread',
  'Selected',
];

/** What scheduling one role decided. */
interface RoleOutcome {
  role: ResourceRole;
  /** Reasons per cluster name: filter failures and Spread. */
  reasons: Map<string, Reason[]>;
  /** Chosen clusters and their replicas. */
  selected: Map<string, number>;
  scores: Map<string, { total: number; breakdown: Record<string, number> }>;
}

/** The score of a cluster that did not pass the filters. */
const UNSCORED = Object.freeze({ total: 0, breakdown: Object.freeze({}) }) as {
  total: number;
  breakdown: Record<string, number>;
};

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : Number(a.name > b.name);

const sortedByFleet = new WeakMap<ClusterProfile[], ClusterProfile[]>();
/** The fleet's clusters by name, sorted once per fleet: decisions list them in that order. */
function sortedClusters(fleet: Fleet): ClusterProfile[] {
  let sorted = sortedByFleet.get(fleet.clusters);
  if (!sorted) {
    sorted = [...fleet.clusters].sort(byName);
    sortedByFleet.set(fleet.clusters, sorted);
  }
  return sorted;
}

/**
 * Decides where each role of a federated service goes, and explains the
 * decision for every cluster of the fleet. Pure and deterministic: the same
 * input always gives the same output, byte for byte. A policy that cannot be
 * met is a result (`satisfiable: false` with reasons), never an exception.
 *
 * The pipeline, per role (data first, then compute; config follows them):
 * filters (selector, capabilities, taints, residency and governance, health,
 * capacity, served kinds) → scorers (capacity, stability, soft taints) →
 * selection under the spread constraint → replica assignment (Duplicated, or
 * Divided by static weights or free capacity, largest-remainder rounding).
 *
 * @public
 */
export function evaluatePlacement(input: {
  service: FederatedService;
  fleet: Fleet;
  previous?: PlacementDecision;
  plugins?: PlacementPlugin[];
}): PlacementDecision {
  const { service, fleet, previous } = input;
  const plugins = input.plugins ?? defaultPlacementPlugins;
  const clusters = sortedClusters(fleet);
  const unsatisfied: Reason[] = [];

  const residency = service.spec.data?.residency;
  let residencyCountries: Set<string> | undefined;
  if (residency?.length) {
    const expanded = expandJurisdictions(residency, fleet.jurisdictions);
    residencyCountries = expanded.countries;
    for (const name of expanded.unknown) {
      unsatisfied.push({
        code: 'Residency',
        message: `unknown jurisdiction ${name}: neither an ISO 3166 country code nor a group in the fleet's jurisdictions`,
      });
    }
  }
  const classification = service.spec.data?.classification;
  const governance = classification
    ? fleet.governance
        .filter(p => p.classification === classification)
        .map(policy => ({
          policy,
          countries: expandJurisdictions(
            policy.allowedJurisdictions,
            fleet.jurisdictions,
          ).countries,
        }))
    : [];

  const roles = ROLE_ORDER.filter(role =>
    service.spec.resources.some(r => r.role === role),
  );
  const scheduledRoles: ResourceRole[] = roles.filter(r => r !== 'config');
  // A service of configuration only is placed like compute.
  if (scheduledRoles.length === 0 && roles.includes('config'))
    scheduledRoles.push('config');

  const outcomes = new Map<ResourceRole, RoleOutcome>();
  for (const role of scheduledRoles) {
    const context: PlacementContext = {
      service,
      fleet,
      role,
      residencyCountries,
      governance,
      requests: replicaRequests(service, role),
      previous,
    };
    const outcome = scheduleRole(clusters, context, plugins);
    outcomes.set(role, outcome);
    if (outcome.selected.size === 0)
      unsatisfied.push(explainNoCluster(outcome, clusters.length));
  }
  if (roles.includes('config') && !outcomes.has('config')) {
    outcomes.set('config', followOtherRoles([...outcomes.values()]));
  }

  const evaluatedRoles = roles.filter(r => outcomes.get(r)!.reasons.size > 0);
  const decisions = clusters.map(cluster =>
    decideCluster(cluster, roles, evaluatedRoles, outcomes, service),
  );
  return {
    satisfiable: unsatisfied.length === 0,
    clusters: decisions,
    unsatisfied,
    summary: roles.map(role => {
      const selected = outcomes.get(role)!.selected;
      return {
        role,
        clusters: [...selected.keys()].sort(),
        replicas: [...selected.values()].reduce((a, b) => a + b, 0),
      };
    }),
  };
}

function scheduleRole(
  clusters: ClusterProfile[],
  context: PlacementContext,
  plugins: PlacementPlugin[],
): RoleOutcome {
  const { role, previous } = context;
  const reasons = new Map<string, Reason[]>();
  const scores = new Map<
    string,
    { total: number; breakdown: Record<string, number> }
  >();
  const eligible: ClusterProfile[] = [];

  const filters = plugins.filter(p => p.filter);
  const scorers = plugins.filter(p => p.score);
  for (const cluster of clusters) {
    let failures: Reason[] | undefined;
    for (const plugin of filters) {
      const found = plugin.filter!(cluster, context);
      if (found.length > 0)
        failures = failures ? [...failures, ...found] : [...found];
    }
    reasons.set(cluster.name, failures ?? []);
    if (failures) {
      // Only eligible clusters compete, so only they are scored.
      scores.set(cluster.name, UNSCORED);
      continue;
    }
    const breakdown: Record<string, number> = {};
    let total = 0;
    for (const plugin of scorers) {
      const value = plugin.score!(cluster, context);
      breakdown[plugin.name] = value;
      total += value * (plugin.weight ?? 1);
    }
    scores.set(cluster.name, { total, breakdown });
    eligible.push(cluster);
  }

  const chosen = chooseUnderSpread(eligible, context, reasons, scores);
  const selected = assignReplicas(chosen, context, reasons, previous);
  return { role, reasons, selected, scores };
}

/** Applies `spread: {by, min, max}`: groups clusters by a label and keeps the best groups. */
function chooseUnderSpread(
  eligible: ClusterProfile[],
  { service }: PlacementContext,
  reasons: Map<string, Reason[]>,
  scores: RoleOutcome['scores'],
): ClusterProfile[] {
  const spread = service.spec.placement.spread;
  if (!spread) return eligible;
  const groups = new Map<string, ClusterProfile[]>();
  for (const cluster of eligible) {
    const value = cluster.labels[spread.by];
    if (value === undefined) {
      reasons.get(cluster.name)!.push({
        code: 'Spread',
        message: `eligible, but has no ${spread.by} label to spread by`,
      });
      continue;
    }
    const group = groups.get(value);
    if (group) group.push(cluster);
    else groups.set(value, [cluster]);
  }
  const best = new Map<string, number>();
  for (const [value, group] of groups) {
    best.set(value, Math.max(...group.map(c => scores.get(c.name)!.total)));
  }
  const ordered = [...groups.entries()].sort(
    ([a], [b]) => best.get(b)! - best.get(a)! || (a < b ? -1 : 1),
  );
  const min = spread.min ?? 1;
  if (ordered.length < min) {
    const found = ordered.map(([value]) => value).join(', ') || 'none';
    for (const [, group] of ordered) {
      for (const cluster of group) {
        reasons.get(cluster.name)!.push({
          code: 'Spread',
          message: `eligible, but spread by ${spread.by} needs at least ${min} groups and only ${ordered.length} qualify (${found})`,
        });
      }
    }
    return [];
  }
  const max = spread.max ?? ordered.length;
  const kept = ordered.slice(0, max);
  for (const [value, group] of ordered.slice(max)) {
    for (const cluster of group) {
      reasons.get(cluster.name)!.push({
        code: 'Spread',
        message: `eligible, but spread by ${spread.by} allows at most ${max} groups and ${spread.by} ${value} ranked lower`,
      });
    }
  }
  return kept.flatMap(([, group]) => group).sort(byName);
}

/**
 * How many replicas each chosen cluster runs. Compute follows the service's
 * replicas policy; data keeps the replicas its manifests ask for in every
 * data cluster (replication inside a cluster, never divided away).
 */
function assignReplicas(
  chosen: ClusterProfile[],
  { service, role }: PlacementContext,
  reasons: Map<string, Reason[]>,
  previous: PlacementDecision | undefined,
): Map<string, number> {
  const policy = role === 'data' ? undefined : service.spec.placement.replicas;
  const selected = new Map<string, number>();
  if (!policy || policy.mode === 'Duplicated') {
    const count =
      policy?.total ??
      (hasWorkloads(service, role) ? manifestReplicas(service, role) : 0);
    chosen.forEach(c => selected.set(c.name, count));
    return selected;
  }

  const kept = previousDivision(chosen, role, policy.total, previous);
  const division =
    kept ??
    divideReplicas(
      policy.total,
      chosen.map(c => ({ name: c.name, weight: weightOf(c, policy) })),
    );
  for (const cluster of chosen) {
    const count = division.get(cluster.name) ?? 0;
    if (count > 0) selected.set(cluster.name, count);
    else {
      reasons.get(cluster.name)!.push({
        code: 'Spread',
        message: kept
          ? `eligible, but the ${policy.total} replicas stay where they run (stability)`
          : `eligible, but the ${policy.total} replicas were divided among clusters with more weight`,
      });
    }
  }
  return selected;
}

/**
 * The previous division, when it still fits: same total and every cluster
 * that had replicas still chosen. Keeping it is the stability rule: a fleet
 * change that breaks no constraint moves no replica.
 */
function previousDivision(
  chosen: ClusterProfile[],
  role: ResourceRole,
  total: number,
  previous: PlacementDecision | undefined,
): Map<string, number> | undefined {
  if (!previous) return undefined;
  const before = previous.clusters.filter(c => c.replicas[role] > 0);
  if (before.length === 0) return undefined;
  const sum = before.reduce((s, c) => s + c.replicas[role], 0);
  const chosenNames = new Set(chosen.map(c => c.name));
  if (sum !== total || !before.every(c => chosenNames.has(c.name)))
    return undefined;
  return new Map(before.map(c => [c.name, c.replicas[role]]));
}

function weightOf(
  cluster: ClusterProfile,
  policy: NonNullable<FederatedService['spec']['placement']['replicas']>,
): number {
  if (policy.weighting === 'Static') {
    return (
      policy.weights?.find(w => matchesSelector(w.clusters, cluster.labels))
        ?.weight ?? 0
    );
  }
  const used = cluster.allocated?.cpu ?? 0;
  return Math.max(0, cluster.capacity.cpu - used);
}

/** Config goes wherever data or compute goes, with no replicas of its own. */
function followOtherRoles(outcomes: RoleOutcome[]): RoleOutcome {
  const selected = new Map<string, number>();
  for (const outcome of outcomes) {
    for (const name of outcome.selected.keys()) selected.set(name, 0);
  }
  return { role: 'config', reasons: new Map(), selected, scores: new Map() };
}

function explainNoCluster(outcome: RoleOutcome, fleetSize: number): Reason {
  const counts = new Map<ReasonCode, number>();
  for (const list of outcome.reasons.values()) {
    for (const code of new Set(list.map(r => r.code)))
      counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const dominant = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || SEVERITY.indexOf(a[0]) - SEVERITY.indexOf(b[0]),
  );
  const detail = dominant.map(([code, n]) => `${n} ${code}`).join(', ');
  return {
    code: dominant[0]?.[0] ?? 'Spread',
    role: outcome.role,
    message:
      fleetSize === 0
        ? `no cluster can take ${outcome.role}: the fleet is empty`
        : `no cluster can take ${
            outcome.role
          }: of ${fleetSize} clusters, rejected by ${detail || 'nothing'}`,
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

function decideCluster(
  cluster: ClusterProfile,
  roles: ResourceRole[],
  evaluatedRoles: ResourceRole[],
  outcomes: Map<ResourceRole, RoleOutcome>,
  service: FederatedService,
): ClusterDecision {
  const replicas: Record<ResourceRole, number> = {
    data: 0,
    compute: 0,
    config: 0,
  };
  const placedRoles: ResourceRole[] = [];
  const perRole: { role: ResourceRole; reason: Reason }[] = [];
  for (const role of roles) {
    const outcome = outcomes.get(role)!;
    const count = outcome.selected.get(cluster.name);
    for (const reason of outcome.reasons.get(cluster.name) ?? [])
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
    score: scored?.scores.get(cluster.name) ?? { total: 0, breakdown: {} },
    labels: cluster.labels,
  };
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
    if (perRole.slice(0, index).some(p => same(p.reason, reason))) return;
    const roles = new Set(
      perRole.filter(p => same(p.reason, reason)).map(p => p.role),
    );
    if (evaluatedRoles.every(r => roles.has(r))) {
      merged.push({ code: reason.code, message: reason.message });
    } else {
      for (const r of roles)
        merged.push({ code: reason.code, message: reason.message, role: r });
    }
  });
  return merged;
}
