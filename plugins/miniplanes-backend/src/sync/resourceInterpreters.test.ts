import {
  FederatedService,
  parseFederatedService,
  ResourceInterpreter,
  withBuiltinInterpreters,
} from '@miniplanes/plugin-miniplanes-common';
import { ClusterClientPool } from '../cluster/ClusterClientPool';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { approvedRequest } from '../__testUtils__/sync/approvedRequest';
import { customResourceDefinition } from '../__testUtils__/sync/customResourceDefinition';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { readLive } from '../__testUtils__/sync/liveObjects';
import { syncPasses } from '../__testUtils__/sync/syncPasses';
import { createSyncService } from './createSyncService';
import { SyncService } from './SyncService';

jest.setTimeout(120_000);

const TRAINER = 'component:default/trainer';
const CLUSTERS = ['ap-gpu', 'eu-spot', 'eu-west', 'us-east', 'us-pet'];

/** A Ray-like custom kind, with a status subresource its operator (here: the test) writes. */
const crd = customResourceDefinition(
  {
    group: 'example.com',
    kind: 'RayCluster',
    plural: 'rayclusters',
    scope: 'Namespaced',
  },
  {
    subresources: { status: {} },
    schema: {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            workerReplicas: { type: 'integer' },
            image: { type: 'string' },
          },
        },
        status: {
          type: 'object',
          properties: {
            observedGeneration: { type: 'integer' },
            readyWorkers: { type: 'integer' },
          },
        },
      },
    },
  },
);

/** Its workers are its replicas; it is healthy once its operator saw the latest spec and every worker is ready. */
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
    const wanted = live.spec?.workerReplicas ?? 0;
    const ready = live.status?.readyWorkers ?? 0;
    if (
      (live.status?.observedGeneration ?? 0) < (live.metadata.generation ?? 0)
    )
      return {
        state: 'Progressing',
        message: 'the operator has not seen the latest spec',
      };
    return ready >= wanted
      ? { state: 'Healthy' }
      : { state: 'Progressing', message: `${ready}/${wanted} workers ready` };
  },
  status: live => ({
    desiredReplicas: live.spec?.workerReplicas,
    readyReplicas: live.status?.readyWorkers ?? 0,
  }),
};

/** The demo UI's placement (divided by capacity over regions), running a RayCluster. */
function trainer(image: string, rollout?: unknown): FederatedService {
  const ui = exampleService('ui');
  const parsed = parseFederatedService({
    ...ui,
    metadata: { ...ui.metadata, name: 'trainer', entityRef: TRAINER },
    spec: {
      placement: ui.spec.placement,
      resources: [
        {
          role: 'compute',
          manifest: {
            apiVersion: 'example.com/v1',
            kind: 'RayCluster',
            metadata: { name: 'trainer' },
            spec: { workerReplicas: 2, image },
          },
        },
      ],
      ...(rollout ? { rollout } : {}),
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

async function withCrd(h: SyncHarness) {
  for (const cluster of CLUSTERS) {
    await (await h.foreignApi(cluster)).create(crd);
  }
  // Placement learns of the new kind at the clusters' next discovery.
  h.advanceClock(5 * 60_000);
  await h.fleet.refresh();
}

/** The client pools of the syncs a test made: their watches end with it. */
const pools: ClusterClientPool[] = [];

/** The sync as the plugin wires it once a module added the RayCluster interpreter. */
function interpretingSync(h: SyncHarness) {
  const interpreters = withBuiltinInterpreters([rayInterpreter]);
  const clients = new ClusterClientPool({ timeoutMs: 3000 });
  pools.push(clients);
  return createSyncService({
    store: h.store,
    statusStore: h.statusStore,
    inventory: h.inventory,
    rollouts: h.rollouts,
    fleet: h.fleet,
    requests: h.requests,
    logger: h.logger,
    clients,
    interpreters,
    concurrencyPerCluster: 8,
    backoff: { initialMs: 200, maxMs: 2000 },
  });
}

const rayClusterIn = (h: SyncHarness, cluster: string) =>
  readLive(h, cluster, {
    apiVersion: 'example.com/v1',
    kind: 'RayCluster',
    name: 'trainer',
    namespace: 'miniplanes',
  });

/** What the Ray operator would report: every worker ready, on the latest spec. */
async function reportReady(h: SyncHarness, cluster: string) {
  const live = await rayClusterIn(h, cluster);
  const { url, adminToken } = h.sim.cluster(cluster);
  const response = await fetch(
    `${url}/apis/example.com/v1/namespaces/miniplanes/rayclusters/trainer/status`,
    {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${adminToken}`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({
        status: {
          observedGeneration: live.metadata.generation,
          readyWorkers: live.spec.workerReplicas,
        },
      }),
    },
  );
  expect(response.status).toBe(200);
}

const passes = (sync: SyncService, count: number) =>
  syncPasses(sync, count, 100);

/** The clusters placement chose for the trainer. */
async function placedTrainer(h: SyncHarness) {
  return (await h.store.getService(TRAINER))!.decision!.clusters.filter(
    c => c.selected,
  );
}

/** The trainer at ray:1, placed and synced twice by the given sync. */
async function trainerSynced(h: SyncHarness, sync: SyncService) {
  await h.placement.putSpec({ spec: trainer('ray:1'), source: 'seed' });
  await passes(sync, 2);
}

async function records(h: SyncHarness) {
  return new Map(
    (await h.statusStore.list([TRAINER])).map(r => [r.cluster, r]),
  );
}

describe('custom kinds with a resource interpreter', () => {
  // Declared first, so it runs first: the pools' watches end before the fleet stops.
  afterEach(() => pools.splice(0).forEach(pool => pool.stop()));
  const startHarness = syncHarnessPerTest();

  it('divides a custom kind across clusters and waits for its interpreter to say healthy', async () => {
    const h = await startHarness();
    await withCrd(h);
    const sync = interpretingSync(h);
    await trainerSynced(h, sync);

    const decision = (await h.store.getService(TRAINER))!.decision!;
    const placed = await placedTrainer(h);
    expect(placed.length).toBeGreaterThan(1);
    const workers: Record<string, number> = {};
    for (const cluster of CLUSTERS) {
      workers[cluster] = (await rayClusterIn(h, cluster))?.spec.workerReplicas;
    }
    // Each cluster runs its share of the 6, as a Deployment would.
    expect(workers).toEqual(
      Object.fromEntries(
        CLUSTERS.map(c => [
          c,
          decision.clusters.find(p => p.name === c && p.selected)?.replicas
            .compute,
        ]),
      ),
    );
    expect(Object.values(workers).reduce((a, b) => a + (b ?? 0), 0)).toBe(6);

    // Applied, but no worker is ready: not in sync, and it says why.
    let status = await records(h);
    for (const { name, replicas } of placed) {
      const record = status.get(name)!;
      expect(record.state).toBe('Progressing');
      expect(record.desiredReplicas).toBe(replicas.compute);
      expect(record.readyReplicas).toBe(0);
      expect(record.objects[0].message).toBe(
        'the operator has not seen the latest spec',
      );
    }

    for (const { name } of placed) await reportReady(h, name);
    await passes(sync, 1);
    status = await records(h);
    for (const { name, replicas } of placed) {
      expect(status.get(name)!.state).toBe('InSync');
      expect(status.get(name)!.readyReplicas).toBe(replicas.compute);
    }
  });

  it('rolls a new version out stage by stage only as the interpreter finds it healthy', async () => {
    const h = await startHarness();
    await withCrd(h);
    const sync = interpretingSync(h);
    await trainerSynced(h, sync);
    const placed = (await placedTrainer(h)).map(c => c.name);
    expect(placed).toContain('eu-west');
    for (const name of placed) await reportReady(h, name);
    await passes(sync, 1);

    await approvedRequest(
      h.requests,
      trainer('ray:2', {
        stages: [
          {
            name: 'canary',
            clusters: { matchLabels: { region: 'eu-west-1' } },
          },
          { name: 'rest' },
        ],
      }),
      { reason: 'new image' },
    );
    const images = async () =>
      Object.fromEntries(
        await Promise.all(
          placed.map(async c => [c, (await rayClusterIn(h, c)).spec.image]),
        ),
      );

    // The canary took it, but its operator has not reported it ready: the rest waits.
    await passes(sync, 4);
    expect(await images()).toEqual(
      Object.fromEntries(
        placed.map(c => [c, c === 'eu-west' ? 'ray:2' : 'ray:1']),
      ),
    );
    expect((await records(h)).get('eu-west')!.state).toBe('Progressing');

    await reportReady(h, 'eu-west');
    await passes(sync, 3);
    expect(await images()).toEqual(
      Object.fromEntries(placed.map(c => [c, 'ray:2'])),
    );
  });

  it('without an interpreter, applies the custom kind as it is and takes it as ready once applied, as before', async () => {
    const h = await startHarness();
    await withCrd(h);
    await trainerSynced(h, h.sync);
    const placed = await placedTrainer(h);
    const status = await records(h);
    for (const { name } of placed) {
      // Not divided: every cluster runs the 2 workers the manifest asks for.
      expect((await rayClusterIn(h, name)).spec.workerReplicas).toBe(2);
      expect(status.get(name)!.state).toBe('InSync');
      expect(status.get(name)!.desiredReplicas).toBeUndefined();
    }
  });
});
