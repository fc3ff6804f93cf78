import { ResourceInterpreter } from '../interpreters/types';
import { FederatedService, Fleet, ResourceRole } from '../model/types';
import { assignReplicas } from './assignReplicas';
import { chooseUnderSpread } from './chooseUnderSpread';
import { dataRules } from './dataRules';
import { explainNoCluster } from './explainNoCluster';
import { AcrossRoles, filterClusters } from './filterClusters';
import { FilterScreen } from './filterScreen';
import { pinData } from './pinData';
import { FleetIndex } from './fleetIndex';
import { roleContext } from './roleContext';
import { RoleOutcome } from './roleOutcome';
import {
  PlacementContext,
  PlacementDecision,
  PlacementPlugin,
  PreviousPlacement,
  Reason,
} from './types';

const ROLE_ORDER: ResourceRole[] = ['data', 'compute', 'config'];

/**
 * Everything a placement decided, before it is spelled out per cluster:
 * the decision without the messages of the "Selected" reasons, which name
 * the service's manifests. It depends only on the service's placement
 * constraints, so services with the same constraints can share one.
 */
export interface ServicePlan {
  /** Roles with resources, in decision order. */
  roles: ResourceRole[];
  /** Roles that went through the pipeline (config usually follows the others). */
  evaluatedRoles: ResourceRole[];
  outcomes: Map<ResourceRole, RoleOutcome>;
  unsatisfied: Reason[];
  summary: PlacementDecision['summary'];
}

/**
 * Schedules each role of a service (data first, then compute; config
 * follows them): filters → scorers → selection under the spread constraint
 * → replica assignment.
 */
export function planPlacement(input: {
  service: FederatedService;
  fleet: Fleet;
  index: FleetIndex;
  previous?: PreviousPlacement;
  plugins: PlacementPlugin[];
  /** What tells what one replica of each kind requests. */
  interpreters: readonly ResourceInterpreter[];
  /** Which clusters the filters are known to let through: see `createFilterScreens`. */
  screen?: (context: PlacementContext) => FilterScreen;
  /**
   * The clusters that hold the service's data under its approved version.
   * When given, data stays there (see `pinData`): only an approved request
   * moves data, never a fleet change.
   */
  pinnedData?: string[];
}): ServicePlan {
  const { service, fleet, previous, plugins, pinnedData } = input;
  const { clusters } = input.index;
  const rules = dataRules(service, fleet);
  const unsatisfied: Reason[] = [...rules.unknownJurisdictions];

  const roles = ROLE_ORDER.filter(role =>
    service.spec.resources.some(r => r.role === role),
  );
  const scheduledRoles: ResourceRole[] = roles.filter(r => r !== 'config');
  // A service of configuration only is placed like compute.
  if (scheduledRoles.length === 0 && roles.includes('config'))
    scheduledRoles.push('config');

  const outcomes = new Map<ResourceRole, RoleOutcome>();
  // Only worth keeping when a second role will ask again.
  const acrossRoles: AcrossRoles | undefined =
    scheduledRoles.length > 1 ? new Map() : undefined;
  for (const role of scheduledRoles) {
    const context = roleContext({
      service,
      fleet,
      role,
      rules,
      previous,
      interpreters: input.interpreters,
    });
    const { reasons, scores, eligible } = filterClusters(
      clusters,
      context,
      plugins,
      input.screen?.(context),
      acrossRoles,
    );
    const chosen =
      role === 'data' && pinnedData
        ? pinData(pinnedData, clusters, reasons)
        : chooseUnderSpread(
            eligible,
            clusters,
            service.spec.placement.spread,
            scores,
            reasons,
          );
    const selected = assignReplicas(
      chosen,
      clusters,
      context,
      reasons,
      previous,
    );
    const outcome = { role, scheduled: true, reasons, selected, scores };
    outcomes.set(role, outcome);
    if (selected.size === 0)
      unsatisfied.push(
        explainNoCluster(outcome, clusters.length, context.requests.unknown),
      );
  }
  if (roles.includes('config') && !outcomes.has('config'))
    outcomes.set('config', followOtherRoles([...outcomes.values()]));

  return {
    roles,
    evaluatedRoles: roles.filter(r => outcomes.get(r)!.scheduled),
    outcomes,
    unsatisfied,
    summary: roles.map(role => {
      const selected = outcomes.get(role)!.selected;
      return {
        role,
        clusters: [...selected.keys()]
          .sort((a, b) => a - b)
          .map(p => clusters[p].name),
        replicas: [...selected.values()].reduce((a, b) => a + b, 0),
      };
    }),
  };
}

/** Config goes wherever data or compute goes, with no replicas of its own. */
function followOtherRoles(outcomes: RoleOutcome[]): RoleOutcome {
  const selected = new Map<number, number>();
  for (const outcome of outcomes) {
    for (const position of outcome.selected.keys()) selected.set(position, 0);
  }
  return {
    role: 'config',
    scheduled: false,
    reasons: [],
    selected,
    scores: [],
  };
}
