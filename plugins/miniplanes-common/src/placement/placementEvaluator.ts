import { builtinResourceInterpreters } from '../interpreters/builtinInterpreters';
import { ResourceInterpreter } from '../interpreters/types';
import { FederatedService, Fleet } from '../model/types';
import { choicesOf, CompactDecision } from './compactDecision';
import { createFilterScreens, FilterScreen } from './filterScreen';
import { indexFleet } from './fleetIndex';
import { placementPipeline } from './placementPipeline';
import { planPlacement } from './planPlacement';
import { createBitsetPlanner } from './planWithBitsets';
import {
  FailoverPolicy,
  PlacementContext,
  PlacementPlugin,
  PreviousPlacement,
} from './types';

/** Evaluates services one by one against a fleet fixed at creation. @public */
export interface PlacementEvaluator {
  evaluate(
    service: FederatedService,
    previous?: PreviousPlacement,
    options?: { pinnedData?: string[] },
  ): CompactDecision;
}

/**
 * The bulk path: evaluates many services against one fleet, such as when
 * every service is re-evaluated after a fleet change. Gives the decisions
 * `evaluatePlacement` gives for the same input (see
 * `CompactDecision.toPlacementDecision`) at a fraction of the cost:
 *
 * - the fleet is indexed once, as sets of clusters per label value,
 *   capability, taint, jurisdiction, served kind and health, and vectors of
 *   free capacity; each built-in filter's verdict on a service is a set,
 *   and its eligible clusters a few set intersections plus a room check on
 *   the survivors;
 * - decisions are compact: chosen clusters and replicas; the per-cluster
 *   lines and their messages are worked out only when asked for.
 *
 * `failover` makes the health filter the failover one (see
 * {@link FailoverPolicy}), evaluated the same way. With plugins other than
 * the built-in ones each service goes through the plugins cluster by
 * cluster (still correct, not as fast). The fleet must not change while
 * the evaluator is in use.
 *
 * @public
 */
export function createPlacementEvaluator(input: {
  fleet: Fleet;
  plugins?: PlacementPlugin[];
  failover?: FailoverPolicy;
  /** As `evaluatePlacement`'s: the built-in ones when absent. */
  interpreters?: readonly ResourceInterpreter[];
}): PlacementEvaluator {
  const { fleet } = input;
  const interpreters = input.interpreters ?? builtinResourceInterpreters;
  const pipeline = placementPipeline(input.plugins, input.failover);
  const index = indexFleet(fleet);
  const plan = (
    service: FederatedService,
    previous?: PreviousPlacement,
    pinnedData?: string[],
    screen?: (context: PlacementContext) => FilterScreen,
  ) =>
    planPlacement({
      service,
      fleet,
      index,
      previous,
      plugins: pipeline.plugins,
      interpreters,
      pinnedData,
      screen,
    });

  const { builtins } = pipeline;
  if (!builtins) {
    return {
      evaluate(service, previous, options) {
        const planned = plan(service, previous, options?.pinnedData);
        return new CompactDecision(
          choicesOf(planned),
          service,
          index,
          () => planned,
        );
      },
    };
  }
  const planFast = createBitsetPlanner(fleet, index, {
    ...pipeline,
    builtins,
    interpreters,
  });
  const screens = createFilterScreens(fleet, index, { ...pipeline, builtins });
  return {
    evaluate(service, previous, options) {
      const pinnedData = options?.pinnedData;
      return new CompactDecision(
        planFast(service, previous, pinnedData),
        service,
        index,
        () => plan(service, previous, pinnedData, screens(service, previous)),
      );
    },
  };
}
