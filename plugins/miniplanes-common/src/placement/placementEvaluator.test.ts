/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "assertProperty"] }] */
import fc from 'fast-check';
import { assertProperty } from '../__testUtils__/assertProperty';
import { FederatedService, Fleet } from '../model/types';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import {
  builtinPipelineArb,
  failoverArb,
  testInterpreters,
  fleetArb,
  pinnedArb,
  previousArb,
  servicesArb,
} from './__testUtils__/arbitraries';
import { defaultPlacementPlugins, taintFilter } from './builtinPlugins';
import { evaluatePlacement } from './evaluatePlacement';
import { createPlacementEvaluator } from './placementEvaluator';
import { placementPipeline } from './placementPipeline';
import { FailoverPolicy, PlacementPlugin, PreviousPlacement } from './types';

const RUNS = { numRuns: 250, seed: 7 };

interface Options {
  plugins?: PlacementPlugin[];
  failover?: FailoverPolicy;
  previous?: (PreviousPlacement | undefined)[];
  pinned?: (string[] | undefined)[];
}

/**
 * The pipeline's plugins as plugins of no known kind: the engine asks each
 * about every cluster, as it does any plugin — the reference.
 */
const unknownToTheEngine = (
  plugins: PlacementPlugin[] | undefined,
  failover: FailoverPolicy | undefined,
) => placementPipeline(plugins, failover).plugins.map(p => ({ ...p }));

/**
 * Evaluates every service with one evaluator, and compares each compact
 * decision with what evaluatePlacement gives for the same input, its
 * plugins asked about every cluster: choices first (computed without
 * reasons), then the explanations worked out on demand, then the full
 * decision byte for byte. Both size custom kinds by their interpreters,
 * one of which fails on some services.
 */
function agrees(
  fleet: Fleet,
  services: FederatedService[],
  { plugins, failover, previous = [], pinned = [] }: Options = {},
) {
  const evaluator = createPlacementEvaluator({
    fleet,
    plugins,
    failover,
    interpreters: testInterpreters,
  });
  const reference = unknownToTheEngine(plugins, failover);
  services.forEach((service, i) => {
    const expected = evaluatePlacement({
      service,
      fleet,
      previous: previous[i],
      plugins: reference,
      pinnedData: pinned[i],
      interpreters: testInterpreters,
    });
    const compact = evaluator.evaluate(service, previous[i], {
      pinnedData: pinned[i],
    });
    expect(compact.satisfiable).toBe(expected.satisfiable);
    expect(compact.unsatisfied).toEqual(expected.unsatisfied);
    expect(compact.summary).toEqual(expected.summary);
    const line = (name: string) =>
      expected.clusters.find(c => c.name === name)!;
    expect(compact.byRole).toEqual(
      expected.summary.map(({ role, clusters }) => ({
        role,
        clusters,
        replicas: clusters.map(name => line(name).replicas[role]),
      })),
    );
    expect(compact.placements).toEqual(
      expected.clusters
        .filter(c => c.selected)
        .map(({ name, roles, replicas }) => ({ name, roles, replicas })),
    );
    for (const cluster of expected.clusters)
      expect(compact.explain(cluster.name)).toEqual(cluster.reasons);
    const rejected = compact
      .rejections()
      .flatMap(r => r.clusters.map(name => ({ name, codes: r.codes })));
    expect(rejected.map(r => r.name).sort()).toEqual(
      expected.clusters.filter(c => !c.selected).map(c => c.name),
    );
    for (const { name, codes } of rejected) {
      const reasons = expected.clusters.find(c => c.name === name)!.reasons;
      expect(codes).toEqual([...new Set(reasons.map(r => r.code))]);
    }
    expect(JSON.stringify(compact.toPlacementDecision())).toBe(
      JSON.stringify(expected),
    );
  });
  return true;
}

describe('createPlacementEvaluator', () => {
  it('gives the decisions evaluatePlacement gives, on random fleets and services', () => {
    assertProperty(
      fc.property(
        fleetArb,
        servicesArb,
        builtinPipelineArb,
        failoverArb,
        (fleet, services, plugins, failover) =>
          agrees(fleet, services, { plugins, failover }),
      ),
      RUNS,
    );
  });

  it('agrees when re-evaluating after a fleet change, with data pinned and failover', () => {
    const changeArb = fc
      .tuple(fleetArb, fleetArb, servicesArb)
      .chain(([before, after, services]) =>
        fc.record({
          before: fc.constant(before),
          after: fc.constant(after),
          services: fc.constant(services),
          // Previous placements from the fleet before, full or compact
          // (services with the same spec differ by them), or made up.
          previous: fc.tuple(
            ...services.map(() =>
              fc.oneof(
                fc.constant('full' as const),
                fc.constant('compact' as const),
                fc.constant(undefined),
                previousArb(after),
              ),
            ),
          ),
          pinned: fc.tuple(...services.map(() => pinnedArb(after))),
          failover: failoverArb,
        }),
      );
    assertProperty(
      fc.property(changeArb, change => {
        const earlier = createPlacementEvaluator({ fleet: change.before });
        const previous = change.services.map((service, i) => {
          const kind = change.previous[i];
          if (kind === 'full')
            return evaluatePlacement({ service, fleet: change.before });
          if (kind === 'compact')
            return { clusters: earlier.evaluate(service).placements };
          return kind;
        });
        return agrees(change.after, change.services, {
          previous,
          pinned: change.pinned,
          failover: change.failover,
        });
      }),
      RUNS,
    );
  });

  it('plans through the plugins, cluster by cluster, with plugins other than the built-in ones', () => {
    // Depends on the service's name, which no built-in plugin reads.
    const onlyA: PlacementPlugin = {
      name: 'OnlyA',
      filter: (cluster, { service }) =>
        service.metadata.name === 'a' || cluster.name === 'c00'
          ? []
          : [{ code: 'Selector', message: 'reserved for a' }],
    };
    assertProperty(
      fc.property(
        fleetArb,
        servicesArb,
        failoverArb,
        (fleet, services, failover) =>
          agrees(fleet, services, {
            plugins: [...defaultPlacementPlugins, onlyA],
            failover,
          }),
      ),
      { numRuns: 50, seed: 7 },
    );
  });

  it('evaluatePlacement asks the built-in filters only about the clusters they reject, for the same decision', () => {
    assertProperty(
      fc.property(
        fleetArb.chain(fleet =>
          fc.tuple(
            fc.constant(fleet),
            servicesArb,
            builtinPipelineArb,
            failoverArb,
            fc.option(previousArb(fleet), { nil: undefined }),
            pinnedArb(fleet),
          ),
        ),
        ([fleet, services, plugins, failover, previous, pinnedData]) =>
          services.every(
            service =>
              JSON.stringify(
                evaluatePlacement({
                  service,
                  fleet,
                  plugins,
                  failover,
                  previous,
                  pinnedData,
                }),
              ) ===
              JSON.stringify(
                evaluatePlacement({
                  service,
                  fleet,
                  plugins: unknownToTheEngine(plugins, failover),
                  previous,
                  pinnedData,
                }),
              ),
          ),
      ),
      RUNS,
    );
  });

  it('asks no plugin about a cluster until a decision is asked for in full, and then only about rejected ones', () => {
    const fleet = demoFleet();
    const filter = jest.spyOn(taintFilter, 'filter');
    try {
      const decision = createPlacementEvaluator({ fleet }).evaluate(
        demoService('ui'),
      );
      expect(decision.placements.length).toBeGreaterThan(0);
      expect(filter).not.toHaveBeenCalled();
      const full = decision.toPlacementDecision();
      // The UI does not tolerate spot: only eu-spot is rejected for a taint.
      expect(filter.mock.calls.map(([cluster]) => cluster.name)).toEqual([
        'eu-spot',
      ]);
      expect(
        full.clusters.find(c => c.name === 'eu-spot')!.reasons,
      ).toContainEqual({
        code: 'Taint',
        message: 'taint spot=true:NoSchedule not tolerated',
      });
    } finally {
      filter.mockRestore();
    }
  });

  it('says which cluster it does not know', () => {
    const evaluator = createPlacementEvaluator({ fleet: demoFleet() });
    expect(() =>
      evaluator.evaluate(demoService('ui')).explain('nowhere'),
    ).toThrow(
      'cluster nowhere is not in the fleet this decision was evaluated against',
    );
  });
});
