/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "assertProperty"] }] */
import fc from 'fast-check';
import {
  ClusterProfile,
  FederatedService,
  Fleet,
  LabelSelector,
} from '../model/types';
import { demoFleet, demoService } from '../testUtils';
import { evaluatePlacement } from './evaluatePlacement';
import { createPlacementEvaluator } from './placementEvaluator';
import { PlacementDecision, PlacementPlugin } from './types';
import { defaultPlacementPlugins } from './builtinPlugins';

const clusterArb = (name: string) =>
  fc
    .record({
      jurisdiction: fc.option(fc.constantFrom('US', 'FR', 'DE', 'JP'), {
        nil: undefined,
      }),
      region: fc.option(fc.constantFrom('r1', 'r2', 'r3'), { nil: undefined }),
      storage: fc.boolean(),
      taint: fc.constantFrom('none', 'NoSchedule', 'PreferNoSchedule'),
      healthy: fc.boolean(),
      cpu: fc.integer({ min: 0, max: 32 }),
      used: fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }),
      servesMongo: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(
      (c): ClusterProfile => ({
        name,
        labels: {
          ...(c.jurisdiction ? { jurisdiction: c.jurisdiction } : {}),
          ...(c.region ? { region: c.region } : {}),
        },
        capabilities: c.storage ? ['storage'] : [],
        taints:
          c.taint === 'none'
            ? []
            : [{ key: 'spot', value: 'true', effect: c.taint }],
        capacity: { cpu: c.cpu, memory: 2 ** 36, gpu: 0 },
        ...(c.used === undefined
          ? {}
          : { allocated: { cpu: c.used, memory: 0, gpu: 0 } }),
        health: { healthy: c.healthy },
        ...(c.servesMongo === undefined
          ? {}
          : {
              servedResources: [
                'apps/v1/Deployment',
                'apps/v1/StatefulSet',
                'v1/ConfigMap',
                ...(c.servesMongo
                  ? ['mongodbcommunity.mongodb.com/v1/MongoDBCommunity']
                  : []),
              ],
            }),
      }),
    );

const fleetArb: fc.Arbitrary<Fleet> = fc
  .integer({ min: 0, max: 10 })
  .chain(n =>
    fc.tuple(...Array.from({ length: n }, (_, i) => clusterArb(`c${i}`))),
  )
  .map(clusters => ({
    jurisdictions: { EU: ['FR', 'DE'] },
    governance: [{ classification: 'regulated', allowedJurisdictions: ['EU'] }],
    clusters,
  }));

const workload = (
  kind: string,
  name: string,
  cpu: string,
  replicas: number,
) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [{ name, resources: { requests: { cpu } } }],
      },
    },
  },
});

const REGION_R1_WEIGHS_MORE: { clusters: LabelSelector; weight: number }[] = [
  { clusters: { matchLabels: { region: 'r1' } }, weight: 3 },
];

/** The fields a test service is built from, few choices each. */
const serviceFields = {
  name: fc.constantFrom('a', 'b'),
  data: fc.constantFrom('none', 'statefulset', 'mongo'),
  classification: fc.constantFrom(undefined, 'regulated', 'open'),
  residency: fc.option(fc.subarray(['US', 'EU', 'XX']), { nil: undefined }),
  computeOutsideResidency: fc.boolean(),
  selector: fc.option(fc.constantFrom('r1', 'r2'), { nil: undefined }),
  requiresStorage: fc.boolean(),
  toleratesSpot: fc.boolean(),
  spread: fc.option(
    fc.record({
      by: fc.constantFrom('region', 'jurisdiction'),
      min: fc.integer({ min: 1, max: 2 }),
      max: fc.option(fc.integer({ min: 2, max: 3 }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  replicas: fc.option(
    fc.oneof(
      fc.record({
        total: fc.integer({ min: 0, max: 6 }),
        mode: fc.constant('Duplicated' as const),
      }),
      fc.record({
        total: fc.integer({ min: 0, max: 6 }),
        mode: fc.constant('Divided' as const),
        weighting: fc.constantFrom('Capacity' as const, undefined),
      }),
      fc.record({
        total: fc.integer({ min: 0, max: 6 }),
        mode: fc.constant('Divided' as const),
        weighting: fc.constant('Static' as const),
        weights: fc.constant(REGION_R1_WEIGHS_MORE),
      }),
    ),
    { nil: undefined },
  ),
  cpu: fc.constantFrom('0', '500m', '8'),
  withConfig: fc.boolean(),
  withCompute: fc.boolean(),
};

type ServiceFields = {
  [K in keyof typeof serviceFields]: (typeof serviceFields)[K] extends fc.Arbitrary<
    infer T
  >
    ? T
    : never;
};

const buildService = (s: ServiceFields): FederatedService => ({
  apiVersion: 'miniplanes.io/v1alpha1' as const,
  kind: 'FederatedService' as const,
  metadata: { name: s.name, entityRef: `component:default/${s.name}` },
  spec: {
    ...(s.classification || s.residency
      ? {
          data: {
            ...(s.classification ? { classification: s.classification } : {}),
            ...(s.residency ? { residency: s.residency } : {}),
          },
        }
      : {}),
    placement: {
      ...(s.selector
        ? { clusterSelector: { matchLabels: { region: s.selector } } }
        : {}),
      ...(s.requiresStorage ? { requires: ['storage'] } : {}),
      ...(s.toleratesSpot
        ? { tolerations: [{ key: 'spot', operator: 'Exists' as const }] }
        : {}),
      ...(s.spread ? { spread: s.spread } : {}),
      ...(s.replicas ? { replicas: s.replicas } : {}),
      computeOutsideResidency: s.computeOutsideResidency,
    },
    resources: [
      ...(s.data === 'statefulset'
        ? [
            {
              role: 'data' as const,
              manifest: workload('StatefulSet', `${s.name}-db`, s.cpu, 3),
            },
          ]
        : []),
      ...(s.data === 'mongo'
        ? [
            {
              role: 'data' as const,
              manifest: {
                apiVersion: 'mongodbcommunity.mongodb.com/v1',
                kind: 'MongoDBCommunity',
                metadata: { name: `${s.name}-mongo` },
              },
            },
          ]
        : []),
      ...(s.withCompute || (s.data === 'none' && !s.withConfig)
        ? [
            {
              role: 'compute' as const,
              manifest: workload('Deployment', `${s.name}-api`, s.cpu, 2),
            },
          ]
        : []),
      ...(s.withConfig
        ? [
            {
              role: 'config' as const,
              manifest: {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: { name: `${s.name}-settings` },
              },
            },
          ]
        : []),
    ],
  },
});

/**
 * Services that differ from a base service by one field each (or not at
 * all): evaluated together, they share plans where their keys agree, and
 * must not where one field tells them apart.
 */
const servicesArb: fc.Arbitrary<FederatedService[]> = fc
  .record(serviceFields)
  .chain(base =>
    fc.array(
      fc
        .constantFrom(
          ...(Object.keys(serviceFields) as (keyof ServiceFields)[]),
        )
        .chain(key =>
          (serviceFields[key] as fc.Arbitrary<unknown>).map(value => ({
            ...base,
            [key]: value,
          })),
        ),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(variants => variants.map(buildService));

const RUNS = { numRuns: 200, seed: 7 };

/** fc.assert throws a counterexample report when the property fails. */
function assertProperty(
  property: fc.IProperty<any>,
  params: fc.Parameters<any>,
) {
  expect(() => fc.assert(property, params)).not.toThrow();
}

/** Evaluates every service with one evaluator, so plans are shared, and compares each with evaluatePlacement. */
function agrees(
  fleet: Fleet,
  services: FederatedService[],
  previous: (PlacementDecision | undefined)[],
  plugins?: PlacementPlugin[],
) {
  const evaluator = createPlacementEvaluator({ fleet, plugins });
  services.forEach((service, i) => {
    const expected = evaluatePlacement({
      service,
      fleet,
      previous: previous[i],
      plugins,
    });
    const compact = evaluator.evaluate(service, previous[i]);
    expect(JSON.stringify(compact.toPlacementDecision())).toBe(
      JSON.stringify(expected),
    );
    expect(compact.satisfiable).toBe(expected.satisfiable);
    expect(compact.unsatisfied).toEqual(expected.unsatisfied);
    expect(compact.summary).toEqual(expected.summary);
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
  });
  return true;
}

describe('createPlacementEvaluator', () => {
  it('gives the decisions evaluatePlacement gives, on random fleets and services', () => {
    assertProperty(
      fc.property(fleetArb, servicesArb, (fleet, services) =>
        agrees(fleet, services, []),
      ),
      RUNS,
    );
  });

  it('agrees with evaluatePlacement when re-evaluating after a fleet change', () => {
    assertProperty(
      fc.property(
        fleetArb,
        fleetArb,
        servicesArb,
        (before, after, services) => {
          // Previous decisions from another fleet, as after clusters come
          // and go; one service in two has none, so equal specs differ by it.
          const previous = services.map((service, i) =>
            i % 2 ? evaluatePlacement({ service, fleet: before }) : undefined,
          );
          return agrees(after, services, previous);
        },
      ),
      RUNS,
    );
  });

  it('plans every service on its own with plugins other than the built-in ones', () => {
    // Depends on the service's name, which services with the same constraints do not share.
    const onlyA: PlacementPlugin = {
      name: 'OnlyA',
      filter: (cluster, { service }) =>
        service.metadata.name === 'a' || cluster.name === 'c0'
          ? []
          : [{ code: 'Selector', message: 'reserved for a' }],
    };
    assertProperty(
      fc.property(fleetArb, servicesArb, (fleet, services) =>
        agrees(fleet, services, [], [...defaultPlacementPlugins, onlyA]),
      ),
      { numRuns: 50, seed: 7 },
    );
  });

  it('shares what services with the same constraints decided, frozen', () => {
    const fleet = demoFleet();
    const evaluator = createPlacementEvaluator({ fleet });
    const ui = demoService('ui');
    const renamed = {
      ...ui,
      metadata: {
        ...ui.metadata,
        name: 'ui-copy',
        entityRef: 'component:default/ui-copy',
      },
    };
    const first = evaluator.evaluate(ui);
    const second = evaluator.evaluate(renamed);
    expect(second.placements).toBe(first.placements);
    expect(Object.isFrozen(first.placements[0].replicas)).toBe(true);
    expect(Object.isFrozen(first.summary[0].clusters)).toBe(true);
    // The full decisions still name each service's own manifests, in copies.
    expect(second.toPlacementDecision().summary).not.toBe(first.summary);
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
