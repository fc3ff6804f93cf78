/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "assertProperty"] }] */
import fc from 'fast-check';
import { assertProperty } from '../__testUtils__/assertProperty';
import { ResourceRole } from '../model/types';
import {
  builtinPipelineArb,
  failoverArb,
  fleetArb,
  previousArb,
  serviceArb,
} from './__testUtils__/arbitraries';
import { BitsetPool, hasPosition } from './bitset';
import { weightOf } from './assignReplicas';
import {
  capacityFilter,
  capacityScorer,
  preferNoScheduleScorer,
  selectorFilter,
} from './builtinPlugins';
import { dataRules } from './dataRules';
import { createFilterChecks } from './filterChecks';
import { filterClusters } from './filterClusters';
import { avoidedForSoftTaints, hasRoom, matchingSelector } from './filterSets';
import { fleetBitsets } from './fleetBitsets';
import { indexFleet } from './fleetIndex';
import { placementPipeline } from './placementPipeline';
import { PreviousAtPositions } from './previousAtPositions';
import { roleContext } from './roleContext';
import { PlacementContext, ReasonCode } from './types';

const ROLES: ResourceRole[] = ['data', 'compute', 'config'];
const RUNS = { numRuns: 300, seed: 22 };

const fleetAndPrevious = fleetArb.chain(fleet =>
  fc.record({
    fleet: fc.constant(fleet),
    previous: fc.option(previousArb(fleet), { nil: undefined }),
  }),
);

describe('the fleet index', () => {
  it("gives each built-in filter's verdict on every cluster as a set", () => {
    assertProperty(
      fc.property(
        fleetAndPrevious,
        serviceArb,
        builtinPipelineArb,
        failoverArb,
        ({ fleet, previous }, service, plugins, failover) => {
          const pipeline = placementPipeline(plugins, failover);
          const index = indexFleet(fleet);
          const sets = fleetBitsets(index);
          const rules = dataRules(service, fleet);
          const pool = new BitsetPool(sets.size);
          const checksFor = createFilterChecks(index, sets, pool, {
            builtins: pipeline.builtins!,
            failover,
          })(
            service,
            rules,
            new PreviousAtPositions(previous, index.positions),
          );
          for (const role of ROLES) {
            const context = roleContext({
              service,
              fleet,
              role,
              rules,
              previous,
            });
            const { reasons } = filterClusters(
              index.clusters,
              context,
              pipeline.plugins,
            );
            const checks = checksFor(role);
            const codes = new Set<ReasonCode>([
              ...checks.map(c => c.code),
              ...reasons.flat().map(r => r.code),
            ]);
            codes.delete('Capacity');
            index.clusters.forEach((_, position) => {
              const has = (code: ReasonCode) =>
                reasons[position].some(r => r.code === code);
              for (const code of codes) {
                const passes = checks
                  .filter(c => c.code === code)
                  .every(c => hasPosition(c.pass, position));
                expect({ code, position, rejected: has(code) }).toEqual({
                  code,
                  position,
                  rejected: !passes,
                });
              }
              expect(has('Capacity')).toBe(
                pipeline.builtins!.has(capacityFilter) &&
                  !hasRoom(sets, position, context.requests),
              );
            });
          }
          return true;
        },
      ),
      RUNS,
    );
  });

  it('gives the scorers, the weights and the selectors of weights as the plugins do', () => {
    assertProperty(
      fc.property(fleetArb, serviceArb, (fleet, service) => {
        const index = indexFleet(fleet);
        const sets = fleetBitsets(index);
        const context = { service } as PlacementContext;
        const { tolerations, clusterSelector } = service.spec.placement;
        const pool = new BitsetPool(sets.size);
        const avoided = avoidedForSoftTaints(sets, pool, tolerations);
        const matching = matchingSelector(sets, pool, clusterSelector);
        index.clusters.forEach((cluster, position) => {
          expect(sets.freeCpuScore[position]).toBe(
            capacityScorer.score!(cluster, context),
          );
          expect(sets.freeCpuWeight[position]).toBe(
            weightOf(cluster, { total: 1, mode: 'Divided' }),
          );
          expect(hasPosition(avoided, position)).toBe(
            preferNoScheduleScorer.score!(cluster, context) === 0,
          );
          expect(hasPosition(matching, position)).toBe(
            selectorFilter.filter!(cluster, { ...context }).length === 0,
          );
        });
        return true;
      }),
      RUNS,
    );
  });
});
