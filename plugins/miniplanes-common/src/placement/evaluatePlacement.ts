import { builtinResourceInterpreters } from '../interpreters/builtinInterpreters';
import { ResourceInterpreter } from '../interpreters/types';
import { FederatedService, Fleet } from '../model/types';
import { createFilterScreens } from './filterScreen';
import { indexFleet } from './fleetIndex';
import { placementPipeline } from './placementPipeline';
import { planPlacement } from './planPlacement';
import { spellOutDecision } from './spellOutDecision';
import {
  FailoverPolicy,
  PlacementDecision,
  PlacementPlugin,
  PreviousPlacement,
} from './types';

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
 * With `pinnedData`, data stays in the clusters given (those still within
 * its jurisdictions): a fleet change never moves data, only an approved
 * request does.
 *
 * With `failover`, an unhealthy cluster keeps what it runs for a grace
 * period (its data for good) instead of losing it at once.
 *
 * To evaluate many services against one fleet, `createPlacementEvaluator`
 * is much faster and gives the same decisions.
 *
 * @public
 */
export function evaluatePlacement(input: {
  service: FederatedService;
  fleet: Fleet;
  previous?: PreviousPlacement;
  plugins?: PlacementPlugin[];
  /** Keeps data in these clusters: see {@link dataClustersOf}. */
  pinnedData?: string[];
  /** Health with failover rules: see {@link FailoverPolicy}. */
  failover?: FailoverPolicy;
  /**
   * What tells what one replica of each kind requests, as the sync's
   * interpreters do (see `withBuiltinInterpreters`); the built-in ones when
   * absent.
   */
  interpreters?: readonly ResourceInterpreter[];
}): PlacementDecision {
  const index = indexFleet(input.fleet);
  const pipeline = placementPipeline(input.plugins, input.failover);
  const { builtins } = pipeline;
  const plan = planPlacement({
    service: input.service,
    fleet: input.fleet,
    previous: input.previous,
    pinnedData: input.pinnedData,
    index,
    plugins: pipeline.plugins,
    interpreters: input.interpreters ?? builtinResourceInterpreters,
    ...(builtins
      ? {
          screen: createFilterScreens(input.fleet, index, {
            ...pipeline,
            builtins,
          })(input.service, input.previous),
        }
      : {}),
  });
  return spellOutDecision(plan, input.service, index);
}
