import { ResourceInterpreter } from '../interpreters/types';
import { FederatedService, Fleet, ResourceRole } from '../model/types';
import {
  addPosition,
  Bitset,
  BitsetPool,
  countPositions,
  hasPosition,
  intersectInto,
  positionsOf,
} from './bitset';
import { ReplicasPolicy } from './assignReplicas';
import {
  capacityFilter,
  capacityScorer,
  preferNoScheduleScorer,
  stabilityScorer,
} from './builtinPlugins';
import { dataRules } from './dataRules';
import { noClusterReason } from './explainNoCluster';
import { Check, createFilterChecks } from './filterChecks';
import {
  avoidedForSoftTaints,
  hasRoom,
  matchingSelector,
  positionsWithRoom,
} from './filterSets';
import { fleetBitsets } from './fleetBitsets';
import { FleetIndex } from './fleetIndex';
import { PreviousAtPositions } from './previousAtPositions';
import { RoleSelection, replicasByPosition } from './replicasByPosition';
import { spreadPositions } from './spreadPositions';
import {
  FailoverPolicy,
  PlacementPlugin,
  PreviousPlacement,
  Reason,
  ReasonCode,
} from './types';
import { replicaRequests } from './workloads';

/** What a service's placement decided, without the per-cluster reasons. */
export interface PlacementChoices {
  /** Per role with resources, in decision order: where it runs and with how many replicas. */
  roles: { role: ResourceRole; selection: RoleSelection }[];
  unsatisfied: Reason[];
}

/** Plans one service against the fleet it was created for. */
export type BitsetPlanner = (
  service: FederatedService,
  previous?: PreviousPlacement,
  pinnedData?: string[],
) => PlacementChoices;

const ROLE_ORDER: ResourceRole[] = ['data', 'compute', 'config'];
const JURISDICTION_CODES = new Set<ReasonCode>(['Residency', 'Governance']);

/**
 * `planPlacement` for a pipeline of built-in plugins, over the fleet's
 * bitsets: a role's eligible clusters are the intersection of the filters'
 * sets, checked for room one by one; they are scored only when a spread
 * ranks them. Nothing per cluster is spelled out: a role that goes nowhere
 * is explained by counting each filter's rejections in its set. The same
 * choices as `planPlacement` (placementEvaluator.test.ts checks it).
 */
export function createBitsetPlanner(
  fleet: Fleet,
  index: FleetIndex,
  pipeline: {
    builtins: ReadonlySet<PlacementPlugin>;
    failover?: FailoverPolicy;
    interpreters: readonly ResourceInterpreter[];
  },
): BitsetPlanner {
  const sets = fleetBitsets(index);
  const pool = new BitsetPool(sets.size);
  const { positions } = index;
  const checksOf = createFilterChecks(index, sets, pool, pipeline);
  const uses = (plugin: PlacementPlugin) => pipeline.builtins.has(plugin);
  /** A scorer's weight, or undefined when the pipeline does not use it. */
  const scoreWeight = (plugin: PlacementPlugin) =>
    uses(plugin) ? plugin.weight ?? 1 : undefined;
  const scoreWeights = {
    capacity: scoreWeight(capacityScorer),
    stability: scoreWeight(stabilityScorer),
    taints: scoreWeight(preferNoScheduleScorer),
  };

  /** The scores a spread ranks clusters by, as the built-in scorers give them. */
  const scorer = (
    service: FederatedService,
    role: ResourceRole,
    previous: PreviousAtPositions,
  ) => {
    const { capacity, stability, taints } = scoreWeights;
    const ran = pool.empty();
    for (const position of previous.ran(role)) addPosition(ran, position);
    const avoided =
      taints === undefined
        ? undefined
        : avoidedForSoftTaints(sets, pool, service.spec.placement.tolerations);
    return (position: number) => {
      let total = 0;
      if (capacity !== undefined)
        total += sets.freeCpuScore[position] * capacity;
      if (stability !== undefined)
        total += (hasPosition(ran, position) ? 100 : 0) * stability;
      if (avoided)
        total += (hasPosition(avoided, position) ? 0 : 100) * taints!;
      return total;
    };
  };

  /** `weightOf` by position: static weights through the selectors' sets. */
  const weightAt = (policy: ReplicasPolicy) => {
    if (policy.weighting !== 'Static')
      return (position: number) => sets.freeCpuWeight[position];
    const entries = (policy.weights ?? []).map(w => ({
      weight: w.weight,
      clusters: matchingSelector(sets, pool, w.clusters),
    }));
    return (position: number) =>
      entries.find(e => hasPosition(e.clusters, position))?.weight ?? 0;
  };

  /** How many clusters each check's code rejects, and the eligible ones left out. */
  const rejectionCounts = (checks: Check[], eligible: number) => {
    const passing = new Map<ReasonCode, Bitset>();
    for (const { code, pass } of checks) {
      const before = passing.get(code);
      if (!before) passing.set(code, pass);
      else {
        const both = pool.copy(before);
        intersectInto(both, pass);
        passing.set(code, both);
      }
    }
    const counts = new Map<ReasonCode, number>();
    for (const [code, pass] of passing) {
      const rejected = sets.size - countPositions(pass);
      if (rejected > 0) counts.set(code, rejected);
    }
    // Every eligible cluster of a role that goes nowhere has a Spread reason.
    if (eligible > 0) counts.set('Spread', eligible);
    return counts;
  };

  // A service is often evaluated twice against one previous decision (data
  // pinned, then free): read it once.
  const previousRead = new WeakMap<PreviousPlacement, PreviousAtPositions>();
  const readPrevious = (decision: PreviousPlacement | undefined) => {
    if (!decision) return new PreviousAtPositions(undefined, positions);
    let read = previousRead.get(decision);
    if (!read) {
      read = new PreviousAtPositions(decision, positions);
      previousRead.set(decision, read);
    }
    return read;
  };

  return (service, previousDecision, pinnedData) => {
    pool.takeBack();
    const rules = dataRules(service, fleet);
    const previous = readPrevious(previousDecision);
    const checksFor = checksOf(service, rules, previous);
    const unsatisfied: Reason[] = [...rules.unknownJurisdictions];

    const place = (role: ResourceRole): RoleSelection => {
      const requests = replicaRequests(service, role, pipeline.interpreters);
      const checkRoom =
        uses(capacityFilter) &&
        (requests.cpu !== 0 || requests.memory !== 0 || requests.gpu !== 0);
      const checks = checksFor(role);
      const passing = pool.copy(sets.all);
      for (const check of checks) intersectInto(passing, check.pass);
      const eligible = checkRoom
        ? positionsWithRoom(sets, passing, requests)
        : positionsOf(passing);

      const { spread } = service.spec.placement;
      let chosen = eligible;
      if (role === 'data' && pinnedData) {
        // Pinned data stays wherever its jurisdictions still allow it.
        const allowed = checks.filter(c => JURISDICTION_CODES.has(c.code));
        const pinned = new Set<number>();
        for (const name of pinnedData) {
          const position = positions.get(name);
          if (
            position !== undefined &&
            allowed.every(c => hasPosition(c.pass, position))
          )
            pinned.add(position);
        }
        chosen = [...pinned].sort((a, b) => a - b);
      } else if (spread) {
        chosen = spreadPositions(
          eligible,
          scorer(service, role, previous),
          sets.column(spread.by),
          spread,
        );
      }
      const selection = replicasByPosition(
        chosen,
        { service, role },
        weightAt,
        previous,
        pool,
      );
      if (selection.positions.length === 0) {
        const rejected = rejectionCounts(checks, eligible.length);
        if (checkRoom) {
          let full = 0;
          for (let p = 0; p < sets.size; p++)
            if (!hasRoom(sets, p, requests)) full += 1;
          if (full > 0) rejected.set('Capacity', full);
        }
        unsatisfied.push(
          noClusterReason(role, rejected, sets.size, requests.unknown),
        );
      }
      return selection;
    };

    const roles = ROLE_ORDER.filter(role =>
      service.spec.resources.some(r => r.role === role),
    );
    const scheduled: ResourceRole[] = roles.filter(r => r !== 'config');
    // A service of configuration only is placed like compute.
    if (scheduled.length === 0) scheduled.push('config');
    const selections = new Map<ResourceRole, RoleSelection>();
    for (const role of scheduled) selections.set(role, place(role));
    if (roles.includes('config') && !selections.has('config'))
      selections.set('config', followOtherRoles([...selections.values()]));
    return {
      roles: roles.map(role => ({ role, selection: selections.get(role)! })),
      unsatisfied,
    };
  };
}

/** Config goes wherever data or compute goes, with no replicas of its own. */
function followOtherRoles(selections: RoleSelection[]): RoleSelection {
  const [first, second] = selections.map(s => s.positions);
  const positions = second ? mergeAscending(first, second) : first;
  return { positions, counts: new Array(positions.length).fill(0) };
}

/** The positions in either ascending list, ascending, once each. */
function mergeAscending(a: number[], b: number[]): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i] < b[j])) merged.push(a[i++]);
    else if (i === a.length || b[j] < a[i]) merged.push(b[j++]);
    else {
      merged.push(a[i++]);
      j++;
    }
  }
  return merged;
}
