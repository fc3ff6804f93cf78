import { withBuiltinInterpreters } from '../interpreters/interpretResource';
import { podRequirements } from '../interpreters/replicaRequirements';
import { ResourceInterpreter } from '../interpreters/types';
import { parseFederatedService } from '../model/parse';
import { parseQuantity } from '../model/quantity';
import { ClusterProfile, FederatedService, Fleet } from '../model/types';
import { validOrThrow } from '../__testUtils__/validOrThrow';
import { evaluatePlacement } from './evaluatePlacement';
import { createPlacementEvaluator } from './placementEvaluator';
import { PlacementDecision } from './types';

const GiB = 2 ** 30;

const cluster = (name: string, cpu: number, gpu: number): ClusterProfile => ({
  name,
  labels: { jurisdiction: 'US', region: name },
  capabilities: [],
  taints: [],
  capacity: { cpu, memory: 64 * GiB, gpu },
  health: { healthy: true },
});

/** `small` has one GPU and 16 cores, `big` four GPUs and 64 cores. */
const fleet: Fleet = {
  jurisdictions: {},
  governance: [],
  clusters: [cluster('big', 64, 4), cluster('small', 16, 1)],
};

/** A Ray cluster: one replica is one worker pod of its worker group. */
const rayInterpreter: ResourceInterpreter = {
  name: 'ray.io/RayCluster',
  matches: ({ apiVersion, kind }) =>
    apiVersion === 'ray.io/v1' && kind === 'RayCluster',
  replicas: manifest => manifest.spec?.workerGroupSpecs?.[0]?.replicas,
  replicaRequirements: manifest =>
    podRequirements(manifest.spec?.workerGroupSpecs?.[0]?.template?.spec),
};

/** A CloudNativePG cluster: one replica is one instance, with the cluster's resources. */
const cnpgInterpreter: ResourceInterpreter = {
  name: 'postgresql.cnpg.io/Cluster',
  matches: ({ apiVersion, kind }) =>
    apiVersion === 'postgresql.cnpg.io/v1' && kind === 'Cluster',
  replicas: manifest => manifest.spec?.instances,
  replicaRequirements: manifest => ({
    cpu: parseQuantity(manifest.spec?.resources?.requests?.cpu ?? 0),
    memory: parseQuantity(manifest.spec?.resources?.requests?.memory ?? 0),
  }),
};

const interpreters = withBuiltinInterpreters([rayInterpreter, cnpgInterpreter]);

const rayCluster = (gpu: string) => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayCluster',
  metadata: { name: 'trainer' },
  spec: {
    workerGroupSpecs: [
      {
        groupName: 'gpu',
        replicas: 2,
        template: {
          spec: {
            containers: [
              {
                name: 'worker',
                resources: { requests: { cpu: '2', 'nvidia.com/gpu': gpu } },
              },
            ],
          },
        },
      },
    ],
  },
});

const postgres = (cpu: string) => ({
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name: 'db' },
  spec: { instances: 3, resources: { requests: { cpu, memory: '4Gi' } } },
});

const deployment = (cpu: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: {
        containers: [
          { name: 'api', image: 'api:1', resources: { requests: { cpu } } },
        ],
      },
    },
  },
});

function service(
  resources: { role: 'data' | 'compute'; manifest: object }[],
): FederatedService {
  return validOrThrow(
    parseFederatedService({
      apiVersion: 'miniplanes.io/v1alpha1',
      kind: 'FederatedService',
      metadata: { name: 'ml', entityRef: 'component:default/ml' },
      spec: {
        data: { residency: ['US'] },
        placement: { replicas: { total: 2, mode: 'Duplicated' } },
        resources,
      },
    }),
  );
}

/** The interpreter, but failing with `why` to tell what a replica requests. */
const failingRequirements = (
  interpreter: ResourceInterpreter,
  why: string,
): ResourceInterpreter => ({
  ...interpreter,
  replicaRequirements: () => {
    throw new Error(why);
  },
});

/** The decision both paths give (they must agree), with the interpreters given. */
function decide(
  svc: FederatedService,
  given?: ResourceInterpreter[],
  pinnedData?: string[],
): PlacementDecision {
  const full = evaluatePlacement({
    service: svc,
    fleet,
    interpreters: given,
    pinnedData,
  });
  const bulk = createPlacementEvaluator({ fleet, interpreters: given })
    .evaluate(svc, undefined, { pinnedData })
    .toPlacementDecision();
  expect(JSON.stringify(bulk)).toBe(JSON.stringify(full));
  return full;
}

const line = (decision: PlacementDecision, name: string) =>
  decision.clusters.find(c => c.name === name)!;

describe('per-replica requirements through resource interpreters', () => {
  it('keeps a custom compute kind off a cluster without room for one replica, through its interpreter', () => {
    const svc = service([{ role: 'compute', manifest: rayCluster('2') }]);
    const decision = decide(svc, interpreters);
    expect(line(decision, 'big').roles).toEqual(['compute']);
    expect(line(decision, 'small').selected).toBe(false);
    expect(line(decision, 'small').reasons).toEqual([
      {
        code: 'Capacity',
        message: 'insufficient capacity: needs 2 GPU per replica, 1 free',
      },
    ]);
    // Without its interpreter the kind asks for nothing the engine can see.
    expect(line(decide(svc), 'small').selected).toBe(true);
  });

  it('keeps a custom data kind off a cluster without room for one instance', () => {
    const svc = service([{ role: 'data', manifest: postgres('24') }]);
    const decision = decide(svc, interpreters);
    expect(line(decision, 'big').roles).toEqual(['data']);
    expect(line(decision, 'small').reasons).toEqual([
      {
        code: 'Capacity',
        message: 'insufficient capacity: needs 24 cpu per replica, 16 free',
      },
    ]);
  });

  it('refuses a custom kind no cluster has room for, as it refuses a Deployment', () => {
    const ray = decide(
      service([{ role: 'compute', manifest: rayCluster('8') }]),
      interpreters,
    );
    expect(ray.satisfiable).toBe(false);
    expect(ray.unsatisfied).toEqual([
      {
        code: 'Capacity',
        role: 'compute',
        message:
          'no cluster can take compute: of 2 clusters, rejected by 2 Capacity',
      },
    ]);
  });

  it('reads the built-in kinds as before, whatever interpreters modules add', () => {
    const svc = service([{ role: 'compute', manifest: deployment('20') }]);
    const builtIn = decide(svc);
    expect(decide(svc, interpreters)).toEqual(builtIn);
    expect(line(builtIn, 'small').reasons).toEqual([
      {
        code: 'Capacity',
        message: 'insufficient capacity: needs 20 cpu per replica, 16 free',
      },
    ]);
  });

  it('refuses, with the interpreter’s words, a role whose interpreter cannot tell what a replica requests', () => {
    const decision = decide(
      service([{ role: 'compute', manifest: rayCluster('0') }]),
      withBuiltinInterpreters([
        failingRequirements(rayInterpreter, 'no worker group'),
      ]),
    );
    const why =
      'the resource interpreter ray.io/RayCluster cannot tell what one replica of RayCluster trainer requests: no worker group';
    expect(decision.satisfiable).toBe(false);
    expect(decision.clusters.map(c => c.selected)).toEqual([false, false]);
    for (const name of ['big', 'small']) {
      expect(line(decision, name).reasons).toEqual([
        { code: 'Capacity', message: `capacity unknown: ${why}` },
      ]);
    }
    expect(decision.unsatisfied).toEqual([
      {
        code: 'Capacity',
        role: 'compute',
        message: `no cluster can take compute: of 2 clusters, rejected by 2 Capacity (${why})`,
      },
    ]);
  });

  it('takes no number an interpreter makes up for a requirement', () => {
    for (const cpu of [Number.NaN, -1, Infinity]) {
      const odd: ResourceInterpreter = {
        ...rayInterpreter,
        replicaRequirements: () => ({ cpu }),
      };
      const decision = decide(
        service([{ role: 'compute', manifest: rayCluster('0') }]),
        [odd],
      );
      expect(decision.satisfiable).toBe(false);
      expect(line(decision, 'big').reasons).toEqual([
        {
          code: 'Capacity',
          message: `capacity unknown: the resource interpreter ray.io/RayCluster cannot tell what one replica of RayCluster trainer requests: cpu is ${cpu}, not a number of at least 0`,
        },
      ]);
    }
  });

  it('refuses when an interpreter fails to say which kinds it knows', () => {
    const confused: ResourceInterpreter = {
      name: 'confused',
      matches: () => {
        throw new Error('cannot read the kind');
      },
    };
    const decision = decide(
      service([{ role: 'compute', manifest: deployment('1') }]),
      withBuiltinInterpreters([confused]),
    );
    expect(decision.satisfiable).toBe(false);
    expect(line(decision, 'big').reasons[0].message).toBe(
      'capacity unknown: the resource interpreter confused cannot tell what one replica of Deployment api requests: cannot read the kind',
    );
  });

  it('keeps pinned data where it is when its interpreter fails: data moves only by request', () => {
    const decision = decide(
      service([{ role: 'data', manifest: postgres('1') }]),
      withBuiltinInterpreters([
        failingRequirements(cnpgInterpreter, 'spec.resources is not an object'),
      ]),
      ['small'],
    );
    expect(line(decision, 'small').roles).toEqual(['data']);
    expect(line(decision, 'big').selected).toBe(false);
  });
});
