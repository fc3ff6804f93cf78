import { FederatedService, Fleet } from '../model/types';
import { defaultPlacementPlugins } from './builtinPlugins';
import { CompactDecision } from './compactDecision';
import { indexFleet } from './fleetIndex';
import { planKey } from './planKey';
import { planPlacement, ServicePlan } from './planPlacement';
import { PlacementDecision, PlacementPlugin } from './types';

/** Evaluates services one by one against a fleet fixed at creation. @public */
export interface PlacementEvaluator {
  evaluate(
    service: FederatedService,
    previous?: PlacementDecision,
    options?: { pinnedData?: string[] },
  ): CompactDecision;
}

/**
 * Plans kept at once: enough for every distinct policy of a large fleet,
 * while bounding memory (a plan holds a line per cluster and role).
 */
const MAX_PLANS = 2_000;

const BUILTIN_PLUGINS = new Set(defaultPlacementPlugins);

/**
 * The bulk path: evaluates many services against one fleet, such as when
 * every service is re-evaluated after a fleet change. Gives the same
 * decisions as `evaluatePlacement` (see `CompactDecision.toPlacementDecision`)
 * at a fraction of the cost:
 *
 * - the fleet is indexed once;
 * - services whose constraints are the same (see `planKey`) share one plan,
 *   so each distinct policy is filtered, scored and divided once;
 * - decisions are compact: the per-cluster lines and their messages are
 *   spelled out only on demand.
 *
 * Sharing plans relies on the built-in plugins depending on nothing but the
 * key; with other plugins every service is planned on its own. The fleet
 * must not change while the evaluator is in use.
 *
 * @public
 */
export function createPlacementEvaluator(input: {
  fleet: Fleet;
  plugins?: PlacementPlugin[];
}): PlacementEvaluator {
  const { fleet } = input;
  const plugins = input.plugins ?? defaultPlacementPlugins;
  const index = indexFleet(fleet);
  const plan = (
    service: FederatedService,
    previous?: PlacementDecision,
    pinnedData?: string[],
  ) => planPlacement({ service, fleet, index, previous, plugins, pinnedData });

  if (!plugins.every(p => BUILTIN_PLUGINS.has(p))) {
    return {
      evaluate: (service, previous, options) =>
        new CompactDecision(
          plan(service, previous, options?.pinnedData),
          service,
          index,
        ),
    };
  }
  const plans = new Map<string, ServicePlan>();
  return {
    evaluate(service, previous, options) {
      const key = planKey(service, previous, options?.pinnedData);
      let shared = plans.get(key);
      if (!shared) {
        if (plans.size >= MAX_PLANS) plans.clear();
        shared = freezeShared(plan(service, previous, options?.pinnedData));
        plans.set(key, shared);
      }
      return new CompactDecision(shared, service, index);
    },
  };
}

/** What decisions expose of a shared plan must not be changed by one of them. */
function freezeShared(plan: ServicePlan): ServicePlan {
  plan.unsatisfied.forEach(reason => Object.freeze(reason));
  Object.freeze(plan.unsatisfied);
  plan.summary.forEach(role => Object.freeze(Object.freeze(role).clusters));
  Object.freeze(plan.summary);
  return plan;
}
