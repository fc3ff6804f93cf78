import fc from 'fast-check';
import {
  ClusterProfile,
  FederatedService,
  Fleet,
  LabelSelector,
  Taint,
  Toleration,
} from '../../model/types';
import { withBuiltinInterpreters } from '../../interpreters/interpretResource';
import { podRequirements } from '../../interpreters/replicaRequirements';
import { ResourceInterpreter } from '../../interpreters/types';
import { parseQuantity } from '../../model/quantity';
import { defaultPlacementPlugins } from '../builtinPlugins';
import { FailoverPolicy, PlacementPlugin, PreviousPlacement } from '../types';
import { crdResource } from '../../__testUtils__/crdResource';
import {
  settingsResource,
  workloadManifest,
} from '../../bench/syntheticResources';

/*
 * Random fleets and services for the placement engine's properties: few
 * choices per field, so that clusters and services often agree and often
 * differ on every attribute a filter, a scorer or the spread reads.
 */

/** The instant failover judges health at. */
export const NOW = new Date('2026-11-25T12:00:00Z');

const TAINTS: Taint[] = [
  { key: 'spot', value: 'true', effect: 'NoSchedule' },
  { key: 'spot', value: 'false', effect: 'NoSchedule' },
  { key: 'dedicated', effect: 'NoExecute' },
  { key: 'preemptible', value: 'yes', effect: 'PreferNoSchedule' },
  { key: 'gpu', effect: 'NoSchedule' },
];

const TOLERATIONS: Toleration[] = [
  { key: 'spot', operator: 'Exists' },
  { key: 'spot', operator: 'Equal', value: 'true' },
  { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
  { key: 'preemptible', operator: 'Equal', value: 'yes' },
  { key: 'gpu', effect: 'NoSchedule' },
  { operator: 'Exists' },
];

const KINDS = [
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'v1/ConfigMap',
  'mongodbcommunity.mongodb.com/v1/MongoDBCommunity',
];

/**
 * Interpreters of two custom kinds, for the engine to size their replicas
 * by: a RayCluster's worker pod, a CloudNativePG Cluster's instance. A
 * RayCluster with no worker group makes its interpreter throw.
 */
export const testInterpreters: ResourceInterpreter[] = withBuiltinInterpreters([
  {
    name: 'ray.io/RayCluster',
    matches: ({ apiVersion, kind }) =>
      apiVersion === 'ray.io/v1' && kind === 'RayCluster',
    replicaRequirements: manifest => {
      const group = manifest.spec?.workerGroupSpecs?.[0];
      if (!group) throw new Error('no worker group');
      return podRequirements(group.template?.spec);
    },
  },
  {
    name: 'postgresql.cnpg.io/Cluster',
    matches: ({ apiVersion, kind }) =>
      apiVersion === 'postgresql.cnpg.io/v1' && kind === 'Cluster',
    replicaRequirements: manifest => ({
      cpu: parseQuantity(manifest.spec?.resources?.requests?.cpu ?? 0),
      memory: parseQuantity(manifest.spec?.resources?.requests?.memory ?? 0),
    }),
  },
]);

const GiB = 2 ** 30;

const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(arb, { nil: undefined });

const healthArb = fc.oneof(
  fc.constant({ healthy: true }),
  fc.record(
    {
      healthy: fc.constant(false),
      status: fc.constantFrom('Unhealthy' as const, 'Unknown' as const),
      since: fc
        .integer({ min: 0, max: 10 })
        .map(minutes =>
          new Date(NOW.getTime() - minutes * 60_000).toISOString(),
        ),
      message: fc.constant('connection refused'),
    },
    { requiredKeys: ['healthy', 'status'] },
  ),
);

export const clusterArb = (name: string): fc.Arbitrary<ClusterProfile> =>
  fc
    .record({
      jurisdiction: optional(fc.constantFrom('US', 'FR', 'DE', 'IE', 'JP')),
      region: optional(fc.constantFrom('r1', 'r2', 'r3')),
      tier: optional(fc.constantFrom('gold', 'silver')),
      team: optional(fc.constantFrom('a', 'b')),
      capabilities: fc.subarray(['storage', 'gpu', 'ssd']),
      taints: fc.subarray(TAINTS),
      cpu: fc.integer({ min: 0, max: 32 }),
      memory: fc.constantFrom(0, 16 * GiB, 64 * GiB),
      gpu: fc.integer({ min: 0, max: 4 }),
      allocated: optional(
        fc.record({
          cpu: fc.integer({ min: 0, max: 40 }),
          memory: fc.constantFrom(0, 8 * GiB, 60 * GiB),
          gpu: fc.integer({ min: 0, max: 4 }),
        }),
      ),
      health: healthArb,
      servedResources: optional(fc.subarray(KINDS)),
    })
    .map(c => ({
      name,
      labels: Object.fromEntries(
        (['jurisdiction', 'region', 'tier', 'team'] as const)
          .filter(key => c[key] !== undefined)
          .map(key => [key, c[key]!]),
      ),
      capabilities: c.capabilities,
      taints: c.taints,
      capacity: { cpu: c.cpu, memory: c.memory, gpu: c.gpu },
      ...(c.allocated ? { allocated: c.allocated } : {}),
      health: c.health,
      ...(c.servedResources ? { servedResources: c.servedResources } : {}),
    }));

export const fleetArb: fc.Arbitrary<Fleet> = fc
  .integer({ min: 0, max: 14 })
  .chain(n =>
    fc.tuple(
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          clusterArb(`c${String(i).padStart(2, '0')}`),
        ),
      ),
      fc.subarray([
        { classification: 'regulated', allowedJurisdictions: ['EU'] },
        { classification: 'regulated', allowedJurisdictions: ['US', 'FR'] },
        { classification: 'pii', allowedJurisdictions: ['WORLD'] },
      ]),
    ),
  )
  .map(([clusters, governance]) => ({
    // Groups of groups included.
    jurisdictions: { EU: ['FR', 'DE', 'IE'], WORLD: ['EU', 'US'] },
    governance,
    clusters,
  }));

const selectorArb: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: fc
      .subarray([
        ['region', 'r1'],
        ['tier', 'gold'],
        ['jurisdiction', 'US'],
      ])
      .map(pairs => Object.fromEntries(pairs)),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key: fc.constantFrom('region', 'tier', 'team', 'jurisdiction'),
          operator: fc.constantFrom('In' as const, 'NotIn' as const),
          values: fc.subarray(['r1', 'r2', 'gold', 'a', 'US', 'FR']),
        }),
        fc.record({
          key: fc.constantFrom('region', 'tier', 'team'),
          operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
        }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

type DataKind = 'none' | 'statefulset' | 'mongo' | 'cnpg';
type RayKind = 'none' | 'sized' | 'broken';

/** The fields a test service is built from, few choices each. */
const serviceFields = {
  name: fc.constantFrom('a', 'b'),
  data: fc.constantFrom<DataKind>('none', 'statefulset', 'mongo'),
  classification: fc.constantFrom(undefined, 'regulated', 'pii', 'open'),
  residency: optional(
    fc.subarray(['US', 'EU', 'WORLD', 'JP', 'XX', 'Nowhere']),
  ),
  computeOutsideResidency: fc.boolean(),
  selector: optional(selectorArb),
  requires: fc.subarray(['storage', 'gpu', 'ssd'], { maxLength: 2 }),
  tolerations: fc.subarray(TOLERATIONS, { maxLength: 3 }),
  spread: optional(
    fc
      .record({
        by: fc.constantFrom('region', 'jurisdiction', 'tier', 'team'),
        min: fc.integer({ min: 1, max: 3 }),
        extra: optional(fc.integer({ min: 0, max: 2 })),
      })
      .map(({ by, min, extra }) => ({
        by,
        min,
        ...(extra === undefined ? {} : { max: min + extra }),
      })),
  ),
  replicas: optional(
    fc.oneof(
      fc.record({
        total: fc.integer({ min: 0, max: 7 }),
        mode: fc.constant('Duplicated' as const),
      }),
      fc.record(
        {
          total: fc.integer({ min: 0, max: 30 }),
          mode: fc.constant('Divided' as const),
          weighting: fc.constant('Capacity' as const),
        },
        { requiredKeys: ['total', 'mode'] },
      ),
      fc.record({
        total: fc.integer({ min: 0, max: 30 }),
        mode: fc.constant('Divided' as const),
        weighting: fc.constant('Static' as const),
        weights: fc.subarray<{ clusters: LabelSelector; weight: number }>(
          [
            { clusters: { matchLabels: { tier: 'gold' } }, weight: 3 },
            { clusters: { matchLabels: { region: 'r1' } }, weight: 0 },
            { clusters: {}, weight: 1 },
          ],
          { minLength: 1 },
        ),
      }),
    ),
  ),
  requests: fc.record(
    {
      cpu: fc.constantFrom('0', '500m', '8', '20'),
      memory: fc.constantFrom('0', '1Gi', '48Gi'),
      'nvidia.com/gpu': fc.constantFrom('1', '3'),
    },
    { requiredKeys: [] },
  ),
  withConfig: fc.boolean(),
  withCompute: fc.boolean(),
  /** The service ships the CRD of MongoDBCommunity itself (clusters need not serve it yet). */
  ownCrd: fc.boolean(),
  /** A compute RayCluster: sized by its interpreter, or one it cannot size. */
  ray: fc.constant<RayKind>('none'),
};

/**
 * The fields with custom kinds too (`testInterpreters` size them). Apart,
 * so that `serviceArb` draws what it drew before they came.
 */
const fieldsWithCustomKinds = {
  ...serviceFields,
  data: fc.constantFrom<DataKind>('none', 'statefulset', 'mongo', 'cnpg'),
  ray: fc.constantFrom<RayKind>('none', 'sized', 'broken'),
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
      ...(s.selector ? { clusterSelector: s.selector } : {}),
      ...(s.requires.length ? { requires: s.requires } : {}),
      ...(s.tolerations.length ? { tolerations: s.tolerations } : {}),
      ...(s.spread ? { spread: s.spread } : {}),
      ...(s.replicas ? { replicas: s.replicas } : {}),
      computeOutsideResidency: s.computeOutsideResidency,
    },
    resources: [
      ...(s.data === 'statefulset'
        ? [
            {
              role: 'data' as const,
              manifest: workloadManifest(
                'StatefulSet',
                `${s.name}-db`,
                3,
                s.requests,
              ),
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
      ...(s.data === 'cnpg'
        ? [
            {
              role: 'data' as const,
              manifest: {
                apiVersion: 'postgresql.cnpg.io/v1',
                kind: 'Cluster',
                metadata: { name: `${s.name}-pg` },
                spec: { instances: 3, resources: { requests: s.requests } },
              },
            },
          ]
        : []),
      ...(s.ray !== 'none'
        ? [
            {
              role: 'compute' as const,
              manifest: {
                apiVersion: 'ray.io/v1',
                kind: 'RayCluster',
                metadata: { name: `${s.name}-ray` },
                spec: {
                  workerGroupSpecs:
                    s.ray === 'broken'
                      ? []
                      : [
                          {
                            replicas: 2,
                            template: {
                              spec: {
                                containers: [
                                  {
                                    name: 'worker',
                                    resources: { requests: s.requests },
                                  },
                                ],
                              },
                            },
                          },
                        ],
                },
              },
            },
          ]
        : []),
      ...(s.withCompute || (s.data === 'none' && !s.withConfig)
        ? [
            {
              role: 'compute' as const,
              manifest: workloadManifest(
                'Deployment',
                `${s.name}-api`,
                2,
                s.requests,
              ),
            },
          ]
        : []),
      ...(s.ownCrd
        ? [
            crdResource(
              'mongodbcommunity.mongodb.com',
              'MongoDBCommunity',
              'mongodbcommunity',
            ),
          ]
        : []),
      ...(s.withConfig ? [settingsResource(s.name)] : []),
    ],
  },
});

export const serviceArb: fc.Arbitrary<FederatedService> = fc
  .record(serviceFields)
  .map(buildService);

/**
 * Services that differ from a base service by one field each (or not at
 * all): evaluated together by one evaluator, what it remembers between
 * services must never leak from one to another.
 */
export const servicesArb: fc.Arbitrary<FederatedService[]> = fc
  .record(fieldsWithCustomKinds)
  .chain(base =>
    fc.array(
      fc
        .constantFrom(
          ...(Object.keys(fieldsWithCustomKinds) as (keyof ServiceFields)[]),
        )
        .chain(key =>
          (fieldsWithCustomKinds[key] as fc.Arbitrary<unknown>).map(value => ({
            ...base,
            [key]: value,
          })),
        ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(variants => variants.map(buildService));

export const failoverArb: fc.Arbitrary<FailoverPolicy | undefined> = optional(
  fc
    .constantFrom(0, 60_000, 5 * 60_000)
    .map(gracePeriodMs => ({ gracePeriodMs, now: NOW })),
);

/** Data pinned to some of the clusters (names not in the fleet included), or not pinned. */
export const pinnedArb = (fleet: Fleet): fc.Arbitrary<string[] | undefined> =>
  optional(fc.subarray([...fleet.clusters.map(c => c.name), 'gone']));

/**
 * Every built-in plugin in order (most often), or some of them, or them
 * all in reverse order: what the engine may be given.
 */
export const builtinPipelineArb: fc.Arbitrary<PlacementPlugin[] | undefined> =
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.subarray(defaultPlacementPlugins) },
    {
      weight: 1,
      arbitrary: fc.constant([...defaultPlacementPlugins].reverse()),
    },
  );

/**
 * A previous placement over some of the fleet's clusters (and one gone
 * from it): roles with replicas, as a compact decision's placements.
 */
export const previousArb = (fleet: Fleet): fc.Arbitrary<PreviousPlacement> =>
  fc
    .subarray([...fleet.clusters.map(c => c.name), 'gone'])
    .chain(names =>
      fc.tuple(
        ...names.map(name =>
          fc
            .record({
              data: fc.integer({ min: 0, max: 3 }),
              compute: fc.integer({ min: 0, max: 4 }),
              config: fc.boolean(),
            })
            .map(({ data, compute, config }) => ({
              name,
              roles: [
                ...(data > 0 ? ['data' as const] : []),
                ...(compute > 0 ? ['compute' as const] : []),
                ...(config ? ['config' as const] : []),
              ],
              replicas: { data, compute, config: 0 },
            })),
        ),
      ),
    )
    .map(clusters => ({ clusters: clusters.filter(c => c.roles.length > 0) }));
