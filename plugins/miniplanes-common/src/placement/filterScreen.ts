import { FederatedService, Fleet } from '../model/types';
import { addPosition, Bitset, BitsetPool, intersectInto } from './bitset';
import {
  capabilityFilter,
  capacityFilter,
  residencyFilter,
  resourceServedFilter,
  selectorFilter,
  taintFilter,
} from './builtinPlugins';
import { dataRules } from './dataRules';
import { createFilterChecks } from './filterChecks';
import { hasRoom } from './filterSets';
import { fleetBitsets } from './fleetBitsets';
import { FleetIndex } from './fleetIndex';
import { PlacementPipeline } from './placementPipeline';
import { PreviousAtPositions } from './previousAtPositions';
import {
  PlacementContext,
  PlacementPlugin,
  PreviousPlacement,
  ReasonCode,
} from './types';

/**
 * For one role of one service, the clusters a filter is known to let
 * through (by position), or undefined when it must be asked about every
 * cluster.
 */
export type FilterScreen = (plugin: PlacementPlugin) => Bitset | undefined;

/**
 * Screens for a pipeline of built-in plugins, from the fleet's bitsets:
 * planning then asks a filter only about the clusters it rejects, for the
 * words of its reasons, and gets the same reasons with far fewer calls.
 * A screen serves the planning of one service: the next one's takes its
 * sets back.
 */
export function createFilterScreens(
  fleet: Fleet,
  index: FleetIndex,
  pipeline: PlacementPipeline & { builtins: ReadonlySet<PlacementPlugin> },
): (
  service: FederatedService,
  previous: PreviousPlacement | undefined,
) => (context: PlacementContext) => FilterScreen {
  const sets = fleetBitsets(index);
  const pool = new BitsetPool(sets.size);
  const checksOf = createFilterChecks(index, sets, pool, pipeline);
  const codesOf = new Map<PlacementPlugin, ReasonCode[]>([
    [selectorFilter, ['Selector']],
    [capabilityFilter, ['Capability']],
    [taintFilter, ['Taint']],
    [residencyFilter, ['Residency', 'Governance']],
    [pipeline.health, ['Health']],
    [resourceServedFilter, ['ResourceNotServed']],
  ]);
  return (service, previous) => {
    pool.takeBack();
    const checksFor = checksOf(
      service,
      dataRules(service, fleet),
      new PreviousAtPositions(previous, index.positions),
    );
    return ({ role, requests }) => {
      const checks = checksFor(role);
      return plugin => {
        if (plugin === capacityFilter) {
          const room = pool.empty();
          for (let position = 0; position < sets.size; position++)
            if (hasRoom(sets, position, requests)) addPosition(room, position);
          return room;
        }
        const codes = codesOf.get(plugin);
        if (!codes) return undefined;
        const passing = pool.copy(sets.all);
        for (const check of checks)
          if (codes.includes(check.code)) intersectInto(passing, check.pass);
        return passing;
      };
    };
  };
}
