import fc from 'fast-check';
import {
  Change,
  ClusterShape,
  ForeignObject,
  OverrideShape,
  ReplicasShape,
  ResourceKind,
  ResourceShape,
  Role,
  RolloutShape,
  Scenario,
  ServiceShape,
  Step,
} from './scenario';

export const COUNTRIES = ['US', 'CA', 'FR', 'DE', 'JP'];
const JURISDICTIONS = { EU: ['FR', 'DE'], NA: ['US', 'CA'] };
const REGIONS = ['r1', 'r2', 'r3', 'r4'];
/** A region no cluster has at first: a patch for it passes filing and fails once a cluster is relabelled into it. */
const LATER_REGION = 'r9';
const RESIDENCIES = [['US'], ['EU'], ['NA'], ['FR'], ['US', 'EU'], ['JP']];
const GROUP = fc.constantFrom<'blue' | 'green'>('blue', 'green');
const VERB = fc.constantFrom<'list' | 'get' | 'patch' | 'delete' | 'create'>(
  'list',
  'get',
  'patch',
  'delete',
  'create',
);

const SHORT: Record<ResourceKind, string> = {
  StatefulSet: 'db',
  Deployment: 'api',
  ConfigMap: 'cfg',
  PersistentVolumeClaim: 'pvc',
  Namespace: 'ns',
  Service: 'svc',
};

const cluster: fc.Arbitrary<Omit<ClusterShape, 'name' | 'spotTaint'>> =
  fc.record({
    jurisdiction: fc.constantFrom(...COUNTRIES),
    region: fc.constantFrom(...REGIONS),
    group: GROUP,
    capabilities: fc
      .tuple(fc.nat(4), fc.nat(3))
      .map(([storage, gpu]) => [
        ...(storage > 0 ? ['storage'] : []),
        ...(gpu === 0 ? ['gpu'] : []),
      ]),
    nodes: fc.record({
      count: fc.integer({ min: 1, max: 3 }),
      cpu: fc.constantFrom(2, 4, 8, 16),
    }),
    located: fc.boolean(),
  });

const clusters: fc.Arbitrary<ClusterShape[]> = fc
  .array(fc.tuple(cluster, fc.integer({ min: 0, max: 4 })), {
    minLength: 3,
    maxLength: 12,
  })
  .map(list =>
    list.map(([c, spot], i) => ({
      ...c,
      // The first two can hold US and EU data, so most policies can be met.
      ...(i < 2
        ? {
            jurisdiction: i === 0 ? 'US' : 'FR',
            capabilities: [...new Set(['storage', ...c.capabilities])],
          }
        : {}),
      name: `c${i}`,
      // One cluster in five is a tainted spot cluster.
      spotTaint: i >= 2 && spot === 0,
      // The first three are always found, so there is a fleet to start with.
      located: i < 3 || c.located,
    })),
  );

const governance = fc
  .record({
    airline: fc.option(fc.constantFrom<string[]>(['US'], ['NA'], ['US', 'JP'])),
    pii: fc.option(fc.constantFrom<string[]>(['EU'], ['EU', 'JP'])),
  })
  .map(g => [
    ...(g.airline
      ? [{ classification: 'airline-data', allowedJurisdictions: g.airline }]
      : []),
    ...(g.pii ? [{ classification: 'pii', allowedJurisdictions: g.pii }] : []),
  ]);

/** A resource without its name (given once the service is known). */
const resource: fc.Arbitrary<
  Omit<ResourceShape, 'name'> & { shared: boolean }
> = fc
  .record({
    pair: fc.oneof(
      ...(
        [
          [['StatefulSet', 'data'], 8],
          [['StatefulSet', 'compute'], 2],
          [['Deployment', 'compute'], 10],
          [['Deployment', 'data'], 2],
          [['ConfigMap', 'config'], 6],
          [['ConfigMap', 'data'], 3],
          [['PersistentVolumeClaim', 'data'], 4],
          // Refused at filing: storage is data.
          [['PersistentVolumeClaim', 'config'], 1],
          [['Service', 'data'], 4],
          [['Service', 'compute'], 3],
          [['Namespace', 'config'], 3],
        ] as [[ResourceKind, Role], number][]
      ).map(([pair, weight]) => ({ weight, arbitrary: fc.constant(pair) })),
    ),
    shared: fc.integer({ min: 0, max: 6 }).map(n => n === 0),
    // Claims that delete data, or declared compute, are refused at filing.
    claims: fc.constantFrom<ResourceShape['claims']>(
      undefined,
      undefined,
      'Default',
      'Default',
      'Retain',
      'Retain',
      'DeleteWhenScaled',
      'DeleteWhenDeleted',
    ),
  })
  .map(({ pair: [kind, role], shared, claims }) => ({
    kind,
    role,
    shared,
    ...(kind === 'StatefulSet' && claims ? { claims } : {}),
  }));

const replicas: fc.Arbitrary<ReplicasShape> = fc.oneof(
  fc.record({
    mode: fc.constant('Duplicated' as const),
    total: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    mode: fc.constant('Divided' as const),
    total: fc.integer({ min: 1, max: 6 }),
    weighting: fc.constant('Capacity' as const),
  }),
  fc.record({
    mode: fc.constant('Divided' as const),
    total: fc.integer({ min: 1, max: 6 }),
    weighting: fc.constant('Static' as const),
    weights: fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }))
      .map(([blue, green]) => [
        { group: 'blue' as const, weight: blue },
        { group: 'green' as const, weight: green },
      ]),
  }),
);

const override: fc.Arbitrary<OverrideShape> = fc.oneof(
  fc.record({ group: GROUP, env: fc.constantFrom('a', 'b') }),
  fc.record({ group: GROUP, image: fc.constantFrom('nginx:1', 'nginx:2') }),
  // A bad patch: refused at filing where a cluster matches, else waits for one.
  fc.record({
    region: fc.constantFrom(...REGIONS, LATER_REGION, LATER_REGION),
    badPatch: fc.constant(true),
  }),
);

function named(
  resources: (Omit<ResourceShape, 'name'> & { shared: boolean })[],
  service: string,
  namespace: string,
): ResourceShape[] {
  const result: ResourceShape[] = [];
  resources.forEach(({ shared, ...r }, j) => {
    let name = `${service}-${SHORT[r.kind]}${j}`;
    if (r.kind === 'Namespace') name = namespace;
    else if (shared && r.role !== 'data') name = `shared-${SHORT[r.kind]}`;
    if (!result.some(o => o.kind === r.kind && o.name === name))
      result.push({ ...r, name });
  });
  return result;
}

/** Where a service's data belongs; mostly coherent with the governance, sometimes not. */
const home = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      classification: fc.option(fc.constant('airline-data'), {
        nil: undefined,
      }),
      residency: fc.option(fc.constantFrom<string[]>(['US'], ['NA']), {
        nil: undefined,
      }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      classification: fc.option(fc.constant('pii'), { nil: undefined }),
      residency: fc.option(fc.constantFrom<string[]>(['EU'], ['FR']), {
        nil: undefined,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      classification: fc.option(fc.constantFrom('airline-data', 'pii'), {
        nil: undefined,
      }),
      residency: fc.option(fc.constantFrom(...RESIDENCIES), { nil: undefined }),
    }),
  },
);

const rollout: fc.Arbitrary<RolloutShape> = fc.record(
  {
    canary: GROUP,
    gate: fc.boolean(),
    maxConcurrency: fc.constantFrom(1, 2),
    onFailure: fc.constantFrom<'Pause' | 'Rollback'>('Pause', 'Rollback'),
    progressDeadlineMinutes: fc.constantFrom(1, 3, 10),
  },
  { requiredKeys: ['canary', 'gate', 'onFailure', 'progressDeadlineMinutes'] },
);

const service = fc.record({
  namespace: fc.constantFrom('apps', 'apps', 'shop', ''),
  home,
  group: fc.constantFrom<'blue' | 'green' | undefined>(
    undefined,
    undefined,
    undefined,
    'blue',
    'green',
  ),
  requires: fc.constantFrom<string[] | undefined>(
    undefined,
    undefined,
    undefined,
    undefined,
    ['storage'],
    ['gpu'],
  ),
  tolerateSpot: fc.boolean(),
  computeOutsideResidency: fc.boolean(),
  spreadMin: fc.constantFrom<number | undefined>(undefined, undefined, 1, 2),
  replicas,
  resources: fc.array(resource, { minLength: 1, maxLength: 4 }),
  overrides: fc.array(override, { maxLength: 1 }),
  imageTag: fc.constantFrom('v1', 'v2'),
  rollout: fc.option(rollout, { nil: undefined, freq: 2 }),
});

function services(): fc.Arbitrary<ServiceShape[]> {
  return fc.array(service, { minLength: 1, maxLength: 6 }).map(list =>
    list.map(({ home: h, ...s }, i): ServiceShape => {
      const name = `s${i}`;
      const namespace = s.namespace || `ns-${name}`;
      const resources = named(s.resources, name, namespace);
      const hasData = resources.some(r => r.role === 'data');
      return {
        ...s,
        name,
        namespace,
        resources,
        // Data needs a classification or a residency to be filed at all.
        ...(h.classification ? { classification: h.classification } : {}),
        residency:
          hasData && !h.classification && !h.residency ? ['US'] : h.residency,
        release: [],
      };
    }),
  );
}

const extraResource: fc.Arbitrary<ResourceShape> = fc
  .tuple(resource, fc.integer({ min: 0, max: 2 }))
  .map(([{ shared, ...r }, n]) => ({
    ...r,
    name: r.kind === 'Namespace' ? 'unused' : `extra-${SHORT[r.kind]}${n}`,
  }))
  .filter(r => r.kind !== 'Namespace');

const change: fc.Arbitrary<Change> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('group' as const),
      group: fc.constantFrom<'blue' | 'green' | null>('blue', 'green', null),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('residency' as const),
      residency: fc.option(fc.constantFrom(...RESIDENCIES), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('addResource' as const),
      resource: extraResource,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('removeResource' as const),
      pick: fc.nat(5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('role' as const),
      pick: fc.nat(5),
      role: fc.constantFrom<Role>('data', 'compute', 'config'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('release' as const),
      pick: fc.nat(11),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'unrelease' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('adopt' as const),
      pick: fc.nat(5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('override' as const), override }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('replicas' as const), replicas }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('image' as const),
      tag: fc.constantFrom('v1', 'v2', 'v3'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('tolerateSpot' as const),
      tolerate: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('requires' as const),
      requires: fc.subarray(['storage', 'gpu']),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('rollout' as const),
      rollout: fc.option(rollout, { nil: null }),
    }),
  },
);

const clusterPick = fc.nat(11);

/** Half the foreign objects are another miniplanes installation's, labelled as its own. */
const otherInstallation = fc.option(fc.constant('another-portal'), {
  nil: undefined,
  freq: 2,
});

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      type: fc.constant('file' as const),
      service: fc.nat(5),
      changes: fc.array(change, { minLength: 1, maxLength: 2 }),
      then: fc.constantFrom(
        'approve',
        'approve',
        'approve',
        'reject',
        'withdraw',
        'leave',
      ) as fc.Arbitrary<'approve' | 'reject' | 'withdraw' | 'leave'>,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('relocate' as const),
      service: fc.nat(5),
      group: fc.constantFrom<'blue' | 'green' | null>('blue', 'green', null),
      pick: fc.nat(11),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('relocate' as const),
      service: fc.nat(5),
      group: fc.constantFrom<'blue' | 'green'>('blue', 'green'),
      pick: fc.nat(11),
      aim: fc.constant('placeBack' as const),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('decide' as const),
      pick: fc.nat(5),
      then: fc.constantFrom(
        'approve',
        'approve',
        'reject',
        'withdraw',
      ) as fc.Arbitrary<'approve' | 'reject' | 'withdraw'>,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('locate' as const),
      cluster: clusterPick,
      found: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        type: fc.constant('relabel' as const),
        cluster: clusterPick,
        jurisdiction: fc.constantFrom(...COUNTRIES),
        group: GROUP,
        region: fc.constantFrom(...REGIONS, LATER_REGION),
      },
      { requiredKeys: ['type', 'cluster'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('relabel' as const),
      cluster: clusterPick,
      aim: fc.constant('heldData' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('taint' as const),
      cluster: clusterPick,
      spot: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('capacity' as const),
      cluster: clusterPick,
      cpu: fc.constantFrom(1, 2, 8, 32),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('outage' as const),
      cluster: clusterPick,
      mode: fc.constantFrom<'refuse' | 'hang' | 'reset'>(
        'refuse',
        'refuse',
        'reset',
        'hang',
      ),
      steps: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.constant('errors' as const),
        cluster: clusterPick,
        status: fc.constantFrom<429 | 500 | 503>(429, 500, 503),
        verb: VERB,
        count: fc.integer({ min: 1, max: 20 }),
        retryAfterSeconds: fc.constantFrom(0, 1),
      },
      { requiredKeys: ['type', 'cluster', 'status', 'count'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        type: fc.constant('drops' as const),
        cluster: clusterPick,
        verb: VERB,
        afterCommit: fc.boolean(),
        count: fc.integer({ min: 1, max: 5 }),
      },
      { requiredKeys: ['type', 'cluster', 'afterCommit', 'count'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('latency' as const),
      cluster: clusterPick,
      ms: fc.constantFrom(20, 100, 300),
      steps: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('watches' as const),
      cluster: clusterPick,
      fault: fc.constantFrom<'close' | 'reset' | 'stall'>(
        'close',
        'reset',
        'stall',
      ),
      steps: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('kill' as const),
      afterMs: fc.integer({ min: 0, max: 120 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('quiet' as const),
      steps: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('clock' as const),
      minutes: fc.constantFrom(3, 20, 120),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('rollout' as const),
      service: fc.nat(5),
      action: fc.constantFrom<'approveStage' | 'pause' | 'resume' | 'abort'>(
        'approveStage',
        'approveStage',
        'resume',
        'resume',
        'pause',
        'abort',
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('drift' as const),
      cluster: clusterPick,
      pick: fc.nat(20),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc.record({
        type: fc.constant('drift' as const),
        cluster: clusterPick,
        pick: fc.nat(20),
        aim: fc.constant('claims' as const),
      }),
      fc.record({
        type: fc.constant('drift' as const),
        cluster: clusterPick,
        pick: fc.nat(20),
        aim: fc.constant('replace' as const),
        leave: fc.boolean(),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('foreign' as const),
      cluster: clusterPick,
      service: fc.nat(5),
      resource: fc.nat(3),
      installation: otherInstallation,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('foreign' as const),
      aim: fc.constant('unanswered' as const),
      cluster: clusterPick,
    }),
  },
);

const foreign: fc.Arbitrary<ForeignObject[]> = fc.array(
  fc.record({
    cluster: clusterPick,
    service: fc.nat(5),
    resource: fc.nat(3),
    installation: otherInstallation,
  }),
  { maxLength: 3 },
);

/** Scenarios of `minSteps` to `maxSteps` steps. */
export function scenarios(options: {
  minSteps: number;
  maxSteps: number;
}): fc.Arbitrary<Scenario> {
  return fc.record({
    clusters,
    jurisdictions: fc.constant(JURISDICTIONS),
    governance,
    services: services(),
    foreign,
    steps: fc.array(step, {
      minLength: options.minSteps,
      maxLength: options.maxSteps,
    }),
    replicas: fc.constantFrom<1 | 2>(1, 1, 1, 2),
    serveOnSyncer: fc.boolean(),
    shards: fc.constantFrom<1 | 2>(1, 2),
    echoedWritesMin: fc.constantFrom<number | undefined>(undefined, 2),
    tls: fc.boolean(),
  });
}
