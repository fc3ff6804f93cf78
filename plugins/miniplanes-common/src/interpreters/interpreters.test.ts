import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import { parseWithSpec, withSpec } from '../__testUtils__/serviceVariants';
import { validOrThrow } from '../__testUtils__/validOrThrow';
import { FederatedService } from '../model/types';
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { renderClusterManifests } from '../render/renderClusterManifests';
import { builtinResourceInterpreters } from './builtinInterpreters';
import { interpretRequirements } from './replicaRequirements';
import {
  interpretLiveObject,
  withBuiltinInterpreters,
} from './interpretResource';
import { InterpretedObject, ResourceInterpreter } from './types';

/** A Ray-like cluster: its workers are its replicas, and it says itself when they are ready. */
const rayInterpreter: ResourceInterpreter = {
  name: 'example.com/RayCluster',
  matches: ({ apiVersion, kind }) =>
    apiVersion === 'example.com/v1' && kind === 'RayCluster',
  replicas: manifest => manifest.spec?.workerReplicas,
  withReplicas: (manifest, replicas) => ({
    ...manifest,
    spec: { ...manifest.spec, workerReplicas: replicas },
  }),
  health: live => {
    const ready = live.status?.readyWorkers ?? 0;
    const wanted = live.spec?.workerReplicas ?? 0;
    if (live.status?.state === 'failed')
      return { state: 'Degraded', message: live.status.reason };
    return ready >= wanted
      ? { state: 'Healthy' }
      : { state: 'Progressing', message: `${ready}/${wanted} workers ready` };
  },
  status: live => ({
    desiredReplicas: live.spec?.workerReplicas,
    readyReplicas: live.status?.readyWorkers ?? 0,
  }),
};

const rayCluster = {
  apiVersion: 'example.com/v1',
  kind: 'RayCluster',
  metadata: { name: 'trainer' },
  spec: { workerReplicas: 2, image: 'rayproject/ray:2.9' },
};

/** The demo UI with its Deployment replaced by (or joined by) a RayCluster. */
function service(
  resources: FederatedService['spec']['resources'],
  replicas?: FederatedService['spec']['placement']['replicas'] | null,
): FederatedService {
  const ui = demoService('ui');
  const placement = { ...ui.spec.placement };
  if (replicas === null) delete placement.replicas;
  else if (replicas) placement.replicas = replicas;
  return validOrThrow(parseWithSpec(ui, { placement, resources }));
}

function shares(
  svc: FederatedService,
  field: (spec: any) => unknown,
  interpreters?: ResourceInterpreter[],
) {
  const fleet = demoFleet();
  const decision = evaluatePlacement({ service: svc, fleet });
  return Object.fromEntries(
    decision.clusters
      .filter(c => c.selected)
      .map(c => [
        c.name,
        field(
          renderClusterManifests({
            service: svc,
            decision,
            cluster: c.name,
            interpreters,
          })[0].manifest.spec,
        ),
      ]),
  );
}

describe('resource interpreters', () => {
  const deployment = demoService('ui').spec.resources[0];
  const interpreters = withBuiltinInterpreters([rayInterpreter]);

  it('divides a custom kind’s replicas among clusters as it divides a Deployment’s', () => {
    const ray = shares(
      service([{ role: 'compute', manifest: rayCluster }]),
      s => s.workerReplicas,
      interpreters,
    );
    const deployments = shares(service([deployment]), s => s.replicas);
    expect(ray).toEqual(deployments);
    expect(Object.keys(ray).length).toBeGreaterThan(1);
    expect(
      Object.values(ray).reduce((a, b) => (a as number) + (b as number), 0),
    ).toBe(6);
  });

  it('leaves a kind no interpreter knows as it is, as before interpreters', () => {
    const rendered = shares(
      service([{ role: 'compute', manifest: rayCluster }]),
      s => s,
    );
    for (const spec of Object.values(rendered)) {
      expect(spec).toEqual(rayCluster.spec);
    }
  });

  it('keeps a custom kind’s own replicas when the service sets no replicas policy', () => {
    const rendered = shares(
      service([{ role: 'compute', manifest: rayCluster }], null),
      s => s.workerReplicas,
      interpreters,
    );
    expect(Object.values(rendered).length).toBeGreaterThan(0);
    expect(new Set(Object.values(rendered))).toEqual(new Set([2]));
  });

  it('sets an override’s replicas through the interpreter', () => {
    const svc = withSpec(service([{ role: 'compute', manifest: rayCluster }]), {
      overrides: [{ clusters: { matchLabels: {} }, replicas: 7 }],
    });
    const rendered = shares(svc, s => s.workerReplicas, interpreters);
    expect(new Set(Object.values(rendered))).toEqual(new Set([7]));
  });

  it('never lets an interpreter change what an object is or whose it is', () => {
    const greedy: ResourceInterpreter = {
      ...rayInterpreter,
      withReplicas: (manifest, replicas) => ({
        ...manifest,
        kind: 'Deployment',
        metadata: {
          name: 'elsewhere',
          namespace: 'kube-system',
          labels: { 'app.kubernetes.io/managed-by': 'someone-else' },
        },
        spec: { ...manifest.spec, workerReplicas: replicas },
      }),
    };
    const svc = service([{ role: 'compute', manifest: rayCluster }]);
    const decision = evaluatePlacement({ service: svc, fleet: demoFleet() });
    const cluster = decision.clusters.find(c => c.selected)!.name;
    const [rendered] = renderClusterManifests({
      service: svc,
      decision,
      cluster,
      interpreters: [greedy],
    });
    expect(rendered.manifest.kind).toBe('RayCluster');
    expect(rendered.manifest.metadata.name).toBe('trainer');
    expect(rendered.manifest.metadata.namespace).toBe('miniplanes');
    expect(
      rendered.manifest.metadata.labels?.['app.kubernetes.io/managed-by'],
    ).toBe('miniplanes');
    expect((rendered.manifest.spec as any).workerReplicas).toBeGreaterThan(0);
  });

  it('says which interpreter failed when one cannot set the replicas', () => {
    const broken: ResourceInterpreter = {
      ...rayInterpreter,
      withReplicas: () => {
        throw new Error('no worker group');
      },
    };
    const svc = service([{ role: 'compute', manifest: rayCluster }]);
    const decision = evaluatePlacement({ service: svc, fleet: demoFleet() });
    const cluster = decision.clusters.find(c => c.selected)!.name;
    expect(() =>
      renderClusterManifests({
        service: svc,
        decision,
        cluster,
        interpreters: [broken],
      }),
    ).toThrow(
      'the resource interpreter example.com/RayCluster cannot set the replicas of RayCluster trainer: no worker group',
    );
  });

  it('refuses, rather than fails on, a pod template whose containers it cannot read', () => {
    const unreadable = (apiVersion: string, kind: string) => ({
      apiVersion,
      kind,
      metadata: { name: 'trainer' },
      spec: { template: { spec: { containers: { image: 'trainer:1' } } } },
    });
    expect(
      interpretRequirements(
        unreadable('example.com/v1', 'Trainer'),
        builtinResourceInterpreters,
      ),
    ).toEqual({
      ok: false,
      message:
        'cannot tell what one replica of Trainer trainer requests: containers is not a list, but an object',
    });
    expect(
      interpretRequirements(
        unreadable('apps/v1', 'Deployment'),
        builtinResourceInterpreters,
      ),
    ).toEqual({
      ok: false,
      message:
        'the resource interpreter apps/v1 Deployment, StatefulSet, ReplicaSet cannot tell what one replica of Deployment trainer requests: containers is not a list, but an object',
    });
  });

  it('lets a module’s interpreter for a built-in kind replace the built-in one', () => {
    const fixed: ResourceInterpreter = {
      name: 'pinned Deployments',
      matches: ({ kind }) => kind === 'Deployment',
      withReplicas: manifest => manifest,
    };
    const rendered = shares(
      service([deployment]),
      s => s.replicas,
      withBuiltinInterpreters([fixed]),
    );
    expect(new Set(Object.values(rendered))).toEqual(new Set([undefined]));
  });

  describe('health of live objects', () => {
    const live = (status: Record<string, unknown>): InterpretedObject => ({
      ...rayCluster,
      status,
    });

    it('reads a custom kind’s health and replicas from its interpreter', () => {
      expect(
        interpretLiveObject(live({ readyWorkers: 1 }), interpreters),
      ).toEqual({
        health: { state: 'Progressing', message: '1/2 workers ready' },
        replicas: { desiredReplicas: 2, readyReplicas: 1 },
      });
      expect(
        interpretLiveObject(live({ readyWorkers: 2 }), interpreters).health,
      ).toEqual({ state: 'Healthy' });
      expect(
        interpretLiveObject(
          live({ state: 'failed', reason: 'head node OOMKilled' }),
          interpreters,
        ).health,
      ).toEqual({ state: 'Degraded', message: 'head node OOMKilled' });
    });

    it('shows the replicas a manifest asks for as desired when its interpreter reads no status', () => {
      const { status: _status, health: _health, ...plain } = rayInterpreter;
      expect(interpretLiveObject(live({}), [plain])).toEqual({
        health: { state: 'Healthy' },
        replicas: { desiredReplicas: 2 },
      });
    });

    it('takes a kind no interpreter knows as healthy once applied, as before interpreters', () => {
      expect(
        interpretLiveObject(
          live({ readyWorkers: 0 }),
          builtinResourceInterpreters,
        ),
      ).toEqual({ health: { state: 'Healthy' } });
    });

    it('makes an object whose interpreter fails degraded, never healthy', () => {
      const failing: ResourceInterpreter = {
        ...rayInterpreter,
        health: () => {
          throw new Error('status.readyWorkers is not a number');
        },
      };
      expect(interpretLiveObject(live({}), [failing])).toEqual({
        health: {
          state: 'Degraded',
          message:
            'the resource interpreter example.com/RayCluster failed: status.readyWorkers is not a number',
        },
      });
    });

    it('reads the built-in workloads as before: ready once every replica runs the latest spec', () => {
      const deploymentLive = (status: Record<string, number>) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ui', generation: 2 },
        spec: { replicas: 2 },
        status: { observedGeneration: 2, ...status },
      });
      expect(
        interpretLiveObject(
          deploymentLive({ readyReplicas: 2, updatedReplicas: 1, replicas: 3 }),
          builtinResourceInterpreters,
        ),
      ).toEqual({
        health: { state: 'Progressing' },
        replicas: { desiredReplicas: 2, readyReplicas: 2 },
      });
      expect(
        interpretLiveObject(
          deploymentLive({ readyReplicas: 2, updatedReplicas: 2, replicas: 2 }),
          builtinResourceInterpreters,
        ).health,
      ).toEqual({ state: 'Healthy' });
      // The API server omits zero counts: a Deployment whose new ReplicaSet
      // has no pod yet reports no updatedReplicas, while its old pods are ready.
      expect(
        interpretLiveObject(
          deploymentLive({
            readyReplicas: 2,
            availableReplicas: 2,
            replicas: 2,
          }),
          builtinResourceInterpreters,
        ).health,
      ).toEqual({ state: 'Progressing' });
      // A ReplicaSet has no updatedReplicas at all: its ready pods are all there is.
      expect(
        interpretLiveObject(
          {
            ...deploymentLive({ readyReplicas: 2, replicas: 2 }),
            kind: 'ReplicaSet',
          },
          builtinResourceInterpreters,
        ).health,
      ).toEqual({ state: 'Healthy' });
      expect(
        interpretLiveObject(
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            metadata: { name: 'agent' },
            status: { desiredNumberScheduled: 3, numberReady: 2 },
          },
          builtinResourceInterpreters,
        ),
      ).toEqual({
        health: { state: 'Progressing' },
        replicas: { desiredReplicas: 3, readyReplicas: 2 },
      });
    });
  });
});
