import { ClusterBackoff } from '../cluster/ClusterBackoff';
import { ClusterCallError } from '../cluster/clusterErrors';
import { DesiredObject } from './planClusterSync';
import {
  ServiceClusterReport,
  ServiceSyncTarget,
  SyncEngine,
  PassReads,
} from './SyncEngine';
import { InMemoryClusterClient } from '../__testUtils__/InMemoryClusterClient';
import {
  InMemoryInventoryStore,
  TEST_INSTALLATION,
} from '../__testUtils__/InMemoryInventoryStore';
import { inventoryEntry } from '../__testUtils__/sync/inventoryEntry';
import { KubeObject } from '../cluster/objectIdentity';
import { withAnnotations } from '../cluster/withAnnotations';
import { groupBy } from '../lib/groupBy';
import { PassHandover } from './PassHandover';
import { serviceLabelValue } from '@miniplanes/plugin-miniplanes-common';

const labels = (role: string) => ({
  'app.kubernetes.io/managed-by': 'miniplanes',
  'miniplanes.io/service-hash': 'storage-hash',
  'miniplanes.io/role': role,
});

const config: DesiredObject = {
  role: 'config',
  manifest: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'storage-config',
      namespace: 'miniplanes',
      labels: labels('config'),
    },
    data: { MONGO_URL: 'mongodb://mongodb:27017' },
  },
};
const data: DesiredObject = {
  role: 'data',
  manifest: {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: 'mongodb',
      namespace: 'miniplanes',
      labels: labels('data'),
    },
    spec: {
      replicas: 3,
      template: { spec: { containers: [{ name: 'mongo', image: 'mongo:7' }] } },
    },
  },
};
const compute: DesiredObject = {
  role: 'compute',
  manifest: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'storage',
      namespace: 'miniplanes',
      labels: labels('compute'),
    },
    spec: {
      replicas: 2,
      template: {
        spec: { containers: [{ name: 'api', image: 'storage:1.0' }] },
      },
    },
  },
};

const ENTITY = 'component:default/storage';

/** One engine and the inventory it records into, as a backend replica has them. */
function engine(now = () => 0, concurrencyPerCluster = 4) {
  const inventory = new InMemoryInventoryStore();
  const sync = new SyncEngine({
    concurrencyPerCluster,
    backoff: new ClusterBackoff({ initialMs: 1000, maxMs: 60_000, now }),
    inventory,
  });
  return {
    inventory,
    /** The engine itself, for passes of several services. */
    engine: sync,
    /** Syncs what the service wants, with the inventory as the store has it now. */
    async syncAll(
      clients: InMemoryClusterClient[],
      desired: Record<string, DesiredObject[]>,
      signal?: AbortSignal,
      reads?: PassReads,
    ) {
      const target: ServiceSyncTarget = {
        entityRef: ENTITY,
        specVersion: 1,
        desired: new Map(Object.entries(desired)),
        inventory: groupBy(
          await inventory.list({ entityRefs: [ENTITY] }),
          e => e.cluster,
        ),
      };
      return sync.syncAll(clients, [target], signal, undefined, reads);
    },
  };
}

const STORAGE_KEY = 'apps/Deployment/miniplanes/storage';

/** The inventory's claim of storage's Deployment in us-east, made before an apply whose answer never came: no uid. */
const unansweredClaim = inventoryEntry(
  { cluster: 'us-east', entityRef: ENTITY },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'miniplanes',
    name: 'storage',
  },
  { role: 'compute', state: 'applied', specVersion: 1 },
);

/** A Deployment in the service's place that miniplanes did not create. */
function someoneElsesStorage(uid?: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'storage',
      namespace: 'miniplanes',
      ...(uid ? { uid } : {}),
      labels: { app: 'legacy' },
    },
    spec: { replicas: 5 },
  };
}

/** The namespace of a desired object, as a cluster holding that object has it. */
const namespaceOf = (item: DesiredObject): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: item.manifest.metadata.namespace! },
});

/** The engine refused to take the object over, and wrote nothing. */
function expectLeftAlone(
  report: ServiceClusterReport,
  cluster: InMemoryClusterClient,
) {
  expect(report.objects[0]).toMatchObject({
    state: 'Conflict',
    action: 'skipped',
  });
  expect(report.message).toContain('miniplanes did not apply it');
  expect(cluster.writes).toEqual([]);
}

/** Services s0, s1… that each want a ConfigMap of their own in us-east, with what the inventory records of them. */
async function configServices(
  count: number,
  inventory: InMemoryInventoryStore,
): Promise<ServiceSyncTarget[]> {
  const refs = Array.from(
    { length: count },
    (_, i) => `component:default/s${i}`,
  );
  const entries = groupBy(
    await inventory.list({ entityRefs: refs }),
    e => e.entityRef,
  );
  return refs.map((entityRef, i) => ({
    entityRef,
    specVersion: 1,
    desired: new Map([
      [
        'us-east',
        [
          {
            role: 'config',
            manifest: {
              ...config.manifest,
              metadata: { ...config.manifest.metadata, name: `s${i}` },
            },
          },
        ],
      ],
    ]),
    inventory: groupBy(entries.get(entityRef) ?? [], e => e.cluster),
  }));
}

/** A cluster whose watched lists take a while to read, counting how many are read at once. */
class SlowListingClient extends InMemoryClusterClient {
  reading = 0;
  mostAtOnce = 0;

  async listWatched(apiVersion: string, kind: string, labelSelector: string) {
    this.reading += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.reading);
    await new Promise(resolve => setTimeout(resolve, 20));
    this.reading -= 1;
    return super.listWatched(apiVersion, kind, labelSelector);
  }
}

/** A cluster whose reads of single objects take 20 ms, counting those under way at once. */
class SlowReadingClient extends InMemoryClusterClient {
  reads: string[] = [];
  reading = 0;
  mostAtOnce = 0;

  async get(ref: Parameters<InMemoryClusterClient['get']>[0]) {
    this.reads.push(`${ref.kind}/${ref.metadata.name}`);
    this.reading += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.reading);
    await new Promise(resolve => setTimeout(resolve, 20));
    this.reading -= 1;
    return super.get(ref);
  }
}

/**
 * A cluster where an object of every name miniplanes creates exists when the
 * create arrives and is gone when it reads it, `times` times in a row.
 */
class VanishingClient extends InMemoryClusterClient {
  constructor(cluster: string, private times: number) {
    super(cluster);
  }

  async create(manifest: KubeObject) {
    if (manifest.kind !== 'Namespace' && this.times > 0) {
      this.times -= 1;
      return 'exists' as const;
    }
    return super.create(manifest);
  }
}

/**
 * A cluster where someone creates an object (`key`) as soon as miniplanes'
 * first read there has answered: after miniplanes looked, before it writes.
 */
class RacingClient extends InMemoryClusterClient {
  private raced = false;
  constructor(
    cluster: string,
    private readonly key: string,
    private readonly someoneElses: () => KubeObject,
  ) {
    super(cluster);
  }

  async get(ref: Parameters<InMemoryClusterClient['get']>[0]) {
    const answer = await super.get(ref);
    if (!this.raced) {
      this.raced = true;
      this.objects.set(this.key, this.someoneElses());
    }
    return answer;
  }
}

/**
 * A cluster whose watched copies are never fresh (a restarted backend, one
 * after a cluster error), recording the selectors of its lists and how
 * often the copies are read.
 */
class ColdCopyClient extends InMemoryClusterClient {
  selectors: string[] = [];
  copyReads = 0;

  isWatchedFresh() {
    return false;
  }

  async list(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    namespace?: string,
  ) {
    this.selectors.push(`${kind}?${labelSelector}`);
    return super.list(apiVersion, kind, labelSelector, namespace);
  }

  async listWatched(apiVersion: string, kind: string, labelSelector: string) {
    this.copyReads += 1;
    return super.listWatched(apiVersion, kind, labelSelector);
  }
}

/** The desired object with the labels rendering gives it, as the cluster holds them. */
const rendered = (item: DesiredObject): DesiredObject => ({
  ...item,
  manifest: {
    ...item.manifest,
    metadata: {
      ...item.manifest.metadata,
      labels: {
        'app.kubernetes.io/managed-by': 'miniplanes',
        'miniplanes.io/service-hash': serviceLabelValue(ENTITY),
        'miniplanes.io/role': item.role,
        // The installation the engine's inventory records for.
        'miniplanes.io/installation': TEST_INSTALLATION,
      },
    },
  },
});

describe('SyncEngine', () => {
  afterEach(() => jest.restoreAllMocks());

  it('creates a new object without reading it first: only its namespace is read, once', async () => {
    const usEast = new SlowReadingClient('us-east');
    const sync = engine();
    await sync.syncAll([usEast], { 'us-east': [config, compute] });
    expect(usEast.reads).toEqual(['Namespace/miniplanes']);
    expect(usEast.writes).toEqual([
      { verb: 'create', key: '/Namespace//miniplanes' },
      { verb: 'create', key: '/ConfigMap/miniplanes/storage-config' },
      { verb: 'create', key: STORAGE_KEY },
    ]);
    expect(
      (await sync.inventory.list({ entityRefs: [ENTITY] })).map(e => e.uid),
    ).toEqual([expect.stringMatching(/^uid-/), expect.stringMatching(/^uid-/)]);
  });

  // Found by the invariants suite: an approval's pass and a periodic one
  // created the same new objects; the one that lost took the other's
  // objects for someone else's and let go of their inventory entries.
  it('two passes of one service creating its objects at once both take them as its own', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    const desired = { 'us-east': [rendered(config), rendered(compute)] };
    const [first, second] = await Promise.all([
      sync.syncAll([usEast], desired),
      sync.syncAll([usEast], desired),
    ]);
    for (const [report] of [first, second]) {
      expect(report.objects.map(o => o.state)).toEqual([
        'Progressing',
        'Progressing',
      ]);
    }
    const entries = await sync.inventory.list({ entityRefs: [ENTITY] });
    expect(entries.map(e => [e.name, e.uid])).toEqual([
      [
        'storage-config',
        usEast.objects.get('/ConfigMap/miniplanes/storage-config')!.metadata
          .uid,
      ],
      ['storage', usEast.objects.get(STORAGE_KEY)!.metadata.uid],
    ]);
  });

  it('creates again an object that vanished between its create and its read, and leaves one that keeps vanishing to the next pass', async () => {
    const once = new VanishingClient('us-east', 1);
    const [created] = await engine().syncAll([once], {
      'us-east': [rendered(compute)],
    });
    expect(created.objects[0]).toMatchObject({
      state: 'Progressing',
      action: 'applied',
    });

    // Not the object's failure (which would fail an approved request for
    // good): the cluster's pass fails, and is retried.
    const flapping = new VanishingClient('us-east', 10);
    const sync = engine();
    const [retried] = await sync.syncAll([flapping], {
      'us-east': [rendered(compute)],
    });
    expect(retried).toMatchObject({ state: 'Error', objects: [] });
    expect(retried.message).toContain('vanished');
    expect(
      (await sync.inventory.list({ entityRefs: [ENTITY] })).map(e => e.name),
    ).toEqual(['storage']);
  });

  it('never writes over an object someone creates after miniplanes last looked', async () => {
    const usEast = new RacingClient('us-east', STORAGE_KEY, () =>
      someoneElsesStorage('someone-elses'),
    );
    const sync = engine();
    const [report] = await sync.syncAll([usEast], { 'us-east': [compute] });
    expect(usEast.objects.get(STORAGE_KEY)).toEqual(
      someoneElsesStorage('someone-elses'),
    );
    expect(report.objects[0]).toMatchObject({
      state: 'Conflict',
      action: 'skipped',
    });
    expect(report.message).toContain('miniplanes did not apply it');
    // The claim made before the create is let go.
    expect(await sync.inventory.list({ entityRefs: [ENTITY] })).toEqual([]);
  });

  it.each([
    [4, 3],
    [2, 2],
  ])(
    'reads the kinds a cluster should hold side by side (%i calls per cluster: %i at once)',
    async (concurrency, atOnce) => {
      const usEast = new SlowListingClient('us-east');
      await engine(() => 0, concurrency).syncAll([usEast], {
        'us-east': [compute, data, config],
      });
      expect(usEast.mostAtOnce).toBe(atOnce);
    },
  );

  it('rolls out in dependency order, creating the namespace, then costs no writes once in sync', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    const desired = { 'us-east': [compute, data, config] };

    const [first] = await sync.syncAll([usEast], desired);
    expect(usEast.writes.map(w => w.key)).toEqual([
      '/Namespace//miniplanes',
      '/ConfigMap/miniplanes/storage-config',
      'apps/StatefulSet/miniplanes/mongodb',
      'apps/Deployment/miniplanes/storage',
    ]);
    expect(first.state).toBe('Progressing');
    expect(first.writes).toBe(3);

    usEast.becomeReady();
    usEast.writes.length = 0;
    const [second] = await sync.syncAll([usEast], desired);
    expect(usEast.writes).toEqual([]);
    expect(second.state).toBe('InSync');
    expect(second.objects.find(o => o.kind === 'StatefulSet')).toMatchObject({
      desiredReplicas: 3,
      readyReplicas: 3,
      action: 'none',
    });
  });

  it('starts no cluster call once the scheduler aborted the run', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const stop = new AbortController();
    stop.abort();
    const [report] = await engine().syncAll(
      [usEast],
      { 'us-east': [compute, config] },
      stop.signal,
    );
    expect(usEast.writes).toEqual([]);
    expect(report.state).toBe('Error');
    expect(report.message).toContain('the sync task was stopped');
  });

  it('restores a drifted field and a deleted object, and reports the drift', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    const desired = { 'us-east': [compute, config] };
    await sync.syncAll([usEast], desired);
    usEast.becomeReady();

    usEast.edit(compute.manifest, o => {
      (o.spec as any).template.spec.containers[0].image = 'storage:hacked';
    });
    await usEast.delete(config.manifest);
    usEast.writes.length = 0;

    const [report] = await sync.syncAll([usEast], desired);
    expect(report.state).toBe('Drifted');
    expect(report.objects.find(o => o.kind === 'Deployment')).toMatchObject({
      state: 'Drifted',
      driftedFields: ['/spec/template/spec/containers/0/image'],
    });
    expect(usEast.writes.map(w => w.key).sort()).toEqual([
      '/ConfigMap/miniplanes/storage-config',
      'apps/Deployment/miniplanes/storage',
    ]);
    expect(
      (usEast.objects.get('apps/Deployment/miniplanes/storage')!.spec as any)
        .template.spec.containers[0].image,
    ).toBe('storage:1.0');
  });

  it('prunes compute that is no longer placed but never deletes data', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    await sync.syncAll([usEast], { 'us-east': [compute, data, config] });
    usEast.writes.length = 0;

    const [report] = await sync.syncAll([usEast], { 'us-east': [] });
    expect(usEast.writes).toEqual([
      { verb: 'delete', key: 'apps/Deployment/miniplanes/storage' },
      { verb: 'delete', key: '/ConfigMap/miniplanes/storage-config' },
    ]);
    expect(usEast.objects.has('apps/StatefulSet/miniplanes/mongodb')).toBe(
      true,
    );
    expect(report.objects.find(o => o.kind === 'StatefulSet')).toMatchObject({
      state: 'Retained',
      action: 'retained',
    });
  });

  it('when the service leaves, does not delete the object someone made in place of the one it applied', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    await sync.inventory.claim({ ...unansweredClaim, uid: 'the-one-applied' });
    // Someone deleted the object applied and made their own of that name.
    usEast.objects.set(STORAGE_KEY, someoneElsesStorage('someone-elses'));

    const [left] = await sync.syncAll([usEast], { 'us-east': [] });
    expect(usEast.writes).toEqual([]);
    expect(usEast.objects.get(STORAGE_KEY)?.metadata.uid).toBe('someone-elses');
    expect(left.objects[0]).toMatchObject({ action: 'none' });
    expect(left.objects[0].message).toContain('was replaced');
    expect(await sync.inventory.list({ entityRefs: [ENTITY] })).toEqual([]);
  });

  it('keeps data a release names by another uid, and voids that release: the object there now was made after the release was approved', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    await sync.syncAll([usEast], { 'us-east': [data] });
    const key = 'apps/StatefulSet/miniplanes/mongodb';
    const [entry] = await sync.inventory.list({ entityRefs: [ENTITY] });
    usEast.writes.length = 0;
    const release = {
      id: 1,
      entityRef: ENTITY,
      specVersion: 2,
      cluster: 'us-east',
      objectKey: key,
      uid: 'the-one-released',
    };

    sync.inventory.releases.push(release);

    const [report] = await sync.engine.syncAll(
      [usEast],
      [
        {
          entityRef: ENTITY,
          specVersion: 2,
          desired: new Map([['us-east', []]]),
          inventory: new Map([['us-east', [entry]]]),
          releases: new Map([['us-east', new Map([[key, [release]]])]]),
        },
      ],
    );
    expect(entry.uid).not.toBe('the-one-released');
    expect(usEast.writes).toEqual([]);
    expect(usEast.objects.get(key)?.metadata.uid).toBe(entry.uid);
    expect(report.objects[0]).toMatchObject({
      state: 'Retained',
      action: 'retained',
    });
    expect(await sync.inventory.pendingReleases([ENTITY])).toEqual([]);
    expect(await sync.inventory.listReleases(ENTITY)).toEqual([
      expect.objectContaining({
        id: 1,
        voidedBecause:
          'StatefulSet miniplanes/mongodb in us-east is not the object version 2 released: it was made again since',
      }),
    ]);
  });

  it('leaves objects it did not create alone unless adoption was approved', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    await usEast.create(namespaceOf(compute));
    usEast.objects.set(STORAGE_KEY, someoneElsesStorage());
    usEast.writes.length = 0;
    const sync = engine();

    const [refused] = await sync.syncAll([usEast], { 'us-east': [compute] });
    expect(refused.state).toBe('Error');
    expectLeftAlone(refused, usEast);

    const adopting: DesiredObject = {
      ...compute,
      manifest: withAnnotations(compute.manifest, {
        'miniplanes.io/adopt': 'true',
      }),
    };
    const [adopted] = await sync.syncAll([usEast], { 'us-east': [adopting] });
    expect(adopted.objects[0]).toMatchObject({ action: 'applied' });
  });

  // Found by the invariants suite: a backend killed between claiming an
  // object and applying it left a claim without a uid, and the next pass
  // took the object someone else created meanwhile as its own.
  it('after a claim whose apply never answered, takes only an object that carries the service’s identity', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    await sync.inventory.claim(unansweredClaim);
    usEast.objects.set(STORAGE_KEY, someoneElsesStorage('someone-elses'));

    const desired = { 'us-east': [rendered(compute)] };
    const [refused] = await sync.syncAll([usEast], desired);
    expectLeftAlone(refused, usEast);

    // The apply had in fact landed (its answer was lost): the object says
    // whose it is, so it is this service's.
    usEast.edit(compute.manifest, o => {
      o.metadata.labels = rendered(compute).manifest.metadata.labels;
    });
    const [taken] = await sync.syncAll([usEast], desired);
    expect(taken.objects[0]).toMatchObject({ action: 'applied' });
    expect((await sync.inventory.list({ entityRefs: [ENTITY] }))[0].uid).toBe(
      'someone-elses',
    );
  });

  it('after a claim whose apply never answered, deletes only an object that carries the service’s identity', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    await sync.inventory.claim(unansweredClaim);
    // The apply never landed; someone else made an object of that name since.
    usEast.objects.set(STORAGE_KEY, someoneElsesStorage('someone-elses'));

    // The service no longer wants it there.
    const [left] = await sync.syncAll([usEast], { 'us-east': [] });
    expect(usEast.writes).toEqual([]);
    expect(usEast.objects.get(STORAGE_KEY)?.metadata.uid).toBe('someone-elses');
    expect(left.objects[0]).toMatchObject({ action: 'none' });
    expect(left.objects[0].message).toContain('left alone');
    expect(await sync.inventory.list({ entityRefs: [ENTITY] })).toEqual([]);

    // The apply had in fact landed (its answer was lost): the object says
    // whose it is, so it is this service's to delete.
    await sync.inventory.claim(unansweredClaim);
    usEast.objects.set(STORAGE_KEY, {
      ...rendered(compute).manifest,
      metadata: { ...rendered(compute).manifest.metadata, uid: 'ours' },
    });
    const [pruned] = await sync.syncAll([usEast], { 'us-east': [] });
    expect(pruned.objects[0]).toMatchObject({ action: 'pruned' });
    expect(usEast.writes).toEqual([{ verb: 'delete', key: STORAGE_KEY }]);
  });

  it.each([
    ['after a claim whose apply never answered', undefined],
    ['after the object it applied was replaced', 'the-one-applied'],
  ])(
    '%s, does not take a managed object of another service’s for its own',
    async (_, recordedUid) => {
      const usEast = new InMemoryClusterClient('us-east');
      const sync = engine();
      await sync.inventory.claim({ ...unansweredClaim, uid: recordedUid });
      // Made meanwhile by another miniplanes (a second portal on this
      // cluster): its labels say it is managed, but not by this service.
      usEast.objects.set(STORAGE_KEY, {
        ...compute.manifest,
        metadata: {
          ...compute.manifest.metadata,
          uid: 'theirs',
          labels: {
            'app.kubernetes.io/managed-by': 'miniplanes',
            'miniplanes.io/service-hash': serviceLabelValue(
              'component:default/someone-else',
            ),
          },
        },
      });

      const [report] = await sync.syncAll([usEast], {
        'us-east': [rendered(compute)],
      });
      expect(usEast.writes).toEqual([]);
      expect(report.objects[0]).toMatchObject({
        state: 'Conflict',
        action: 'skipped',
      });
    },
  );

  it('after a claim whose apply never answered, neither takes nor deletes the object another installation made of the same service', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    // A second portal syncs the same service into this cluster: its object
    // names the service alike, and its own installation.
    const theirs = rendered(compute).manifest;
    usEast.objects.set(STORAGE_KEY, {
      ...theirs,
      metadata: {
        ...theirs.metadata,
        uid: 'theirs',
        labels: {
          ...theirs.metadata.labels,
          'miniplanes.io/installation': 'staging',
        },
      },
    });
    await sync.inventory.claim(unansweredClaim);
    const [applying] = await sync.syncAll([usEast], {
      'us-east': [rendered(compute)],
    });
    expect(applying.objects[0]).toMatchObject({
      state: 'Conflict',
      action: 'skipped',
      message: expect.stringContaining(
        'another miniplanes installation (installation staging) manages it',
      ),
    });

    const [pruning] = await sync.syncAll([usEast], { 'us-east': [] });
    expect(pruning.objects[0]).toMatchObject({ action: 'none' });
    expect(pruning.objects[0].message).toContain('left alone');
    expect(usEast.writes).toEqual([]);
    expect(usEast.objects.get(STORAGE_KEY)?.metadata.uid).toBe('theirs');
  });

  it('takes an object restored from a backup (a new uid) as its own only if it names this installation', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const sync = engine();
    await sync.inventory.claim({ ...unansweredClaim, uid: 'the-one-applied' });
    const ours = rendered(compute).manifest;
    const restored = (withLabels: Record<string, string>) =>
      usEast.objects.set(STORAGE_KEY, {
        ...ours,
        metadata: { ...ours.metadata, uid: 'restored', labels: withLabels },
      });
    // From a backup taken before objects named their installation.
    const { ['miniplanes.io/installation']: _, ...unnamed } =
      ours.metadata.labels!;
    restored(unnamed);
    const [refused] = await sync.syncAll([usEast], {
      'us-east': [rendered(compute)],
    });
    expect(refused.objects[0]).toMatchObject({
      state: 'Conflict',
      action: 'skipped',
    });
    expect(usEast.writes).toEqual([]);

    // From a backup taken since: this installation's.
    restored(ours.metadata.labels!);
    const [taken] = await sync.syncAll([usEast], {
      'us-east': [rendered(compute)],
    });
    expect(taken.objects[0].state).not.toBe('Conflict');
    expect((await sync.inventory.list({ entityRefs: [ENTITY] }))[0].uid).toBe(
      'restored',
    );
  });

  it('keeps syncing the other clusters while one fails, and backs off from the failing one', async () => {
    let now = 0;
    const usEast = new InMemoryClusterClient('us-east');
    const euWest = new InMemoryClusterClient('eu-west');
    euWest.failure = new ClusterCallError(
      'eu-west',
      'list on cluster eu-west failed: HTTP 429',
      429,
      true,
      5000,
    );
    const sync = engine(() => now);
    const desired = { 'us-east': [compute], 'eu-west': [compute] };

    const reports = await sync.syncAll([usEast, euWest], desired);
    expect(reports.find(r => r.cluster === 'us-east')!.state).toBe(
      'Progressing',
    );
    expect(reports.find(r => r.cluster === 'eu-west')).toMatchObject({
      state: 'Error',
      message: 'list on cluster eu-west failed: HTTP 429',
    });

    // Retry-After (5 s) is honoured: the cluster is not called before it.
    euWest.failure = undefined;
    now = 4000;
    const [backingOff] = await sync.syncAll([euWest], desired);
    expect(backingOff.state).toBe('BackingOff');
    expect(euWest.writes).toEqual([]);

    now = 5000;
    const [recovered] = await sync.syncAll([euWest], desired);
    expect(recovered.state).toBe('Progressing');
    expect(euWest.writes).toHaveLength(2);
  });

  it('reports a kind the cluster does not serve instead of failing the others', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const crd: DesiredObject = {
      role: 'data',
      manifest: {
        apiVersion: 'mongodbcommunity.mongodb.com/v1',
        kind: 'MongoDBCommunity',
        metadata: {
          name: 'airline',
          namespace: 'miniplanes',
          labels: labels('data'),
        },
        spec: { members: 3 },
      },
    };
    const [report] = await engine().syncAll([usEast], {
      'us-east': [crd, compute],
    });
    expect(
      report.objects.find(o => o.kind === 'MongoDBCommunity'),
    ).toMatchObject({
      state: 'Error',
      message:
        'cluster us-east does not serve mongodbcommunity.mongodb.com/v1 MongoDBCommunity',
    });
    expect(report.objects.find(o => o.kind === 'Deployment')).toMatchObject({
      action: 'applied',
    });
  });

  it('gives way to a newer pass that starts while it checks services that need nothing, which settle in microtasks alone', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const { engine: sync, inventory } = engine(() => 0, 8);
    const targets = () => configServices(3000, inventory);
    await sync.syncAll([usEast], await targets());
    const settled = await targets();

    // The newer pass starts once the periodic one is checking its services.
    const order: string[] = [];
    const handover = new PassHandover();
    let started = false;
    const unchangedStatus = (SyncEngine.prototype as any).unchangedStatus;
    jest
      .spyOn(SyncEngine.prototype as any, 'unchangedStatus')
      .mockImplementation(function checked(this: SyncEngine, ...args) {
        if (!started) {
          started = true;
          // A newer pass that needs the event loop (I/O) to get on.
          handover.besideThis(async () => {
            for (let turn = 0; turn < 3; turn++)
              await new Promise(resolve => setImmediate(resolve));
            order.push('newer pass done');
          });
        }
        return unchangedStatus.apply(this, args);
      });
    await sync.syncAll([usEast], settled, undefined, handover);
    order.push('periodic pass checked every service');
    expect(usEast.writes.length).toBe(3000 + 1);
    expect(order).toEqual([
      'newer pass done',
      'periodic pass checked every service',
    ]);
  });

  it('starts a delete only once it knows every delete of the pass, however many services it plans first', async () => {
    const usEast = new InMemoryClusterClient('us-east');
    const { engine: sync, inventory } = engine(() => 0, 8);
    await sync.syncAll([usEast], await configServices(3002, inventory));
    // The first and the last service leave the cluster; the 3000 between
    // them, settled, take the planning well past one event-loop slice.
    const leaving = await configServices(3002, inventory);
    const first = leaving[0];
    const last = leaving[leaving.length - 1];
    for (const target of [first, last]) target.desired = new Map();

    const knownAtDelete = new Map<string, boolean>();
    const prune = (SyncEngine.prototype as any).prune;
    jest
      .spyOn(SyncEngine.prototype as any, 'prune')
      .mockImplementation(function pruned(this: SyncEngine, ...args: any[]) {
        const [input, entry] = args;
        knownAtDelete.set(
          entry.name,
          input.deleteContext.deleting.has('/ConfigMap/miniplanes/s3001'),
        );
        return prune.apply(this, args);
      });
    await sync.syncAll([usEast], leaving);

    // The first service's delete is guarded knowing the last one's too.
    expect(knownAtDelete).toEqual(
      new Map([
        ['s0', true],
        ['s3001', true],
      ]),
    );
    expect(usEast.writes.slice(-2)).toEqual([
      { verb: 'delete', key: '/ConfigMap/miniplanes/s0' },
      { verb: 'delete', key: '/ConfigMap/miniplanes/s3001' },
    ]);
  });

  it('starts no cluster call of its own while a newer pass runs beside it', async () => {
    // The newer pass is an approval's: calls the periodic pass kept making
    // would queue ahead of its calls at the cluster.
    const handover = new PassHandover();
    let newerRunning = false;
    let startedMeanwhile = 0;
    let calls = 0;
    const usEast = new InMemoryClusterClient('us-east');
    /** Counts the cluster calls a rollout makes (reads, creates), each taking 5 ms. */
    const counted =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A) => {
        if (newerRunning) startedMeanwhile += 1;
        calls += 1;
        // It arrives as approvals do, in a task of its own: calls that
        // began in this task began before it.
        if (calls === 5) {
          setTimeout(() =>
            handover.besideThis(async () => {
              newerRunning = true;
              await new Promise(resolve => setTimeout(resolve, 50));
              newerRunning = false;
            }),
          );
        }
        await new Promise(resolve => setTimeout(resolve, 5));
        return call(...args);
      };
    usEast.get = counted(usEast.get.bind(usEast));
    usEast.create = counted(usEast.create.bind(usEast));
    const inventory = new InMemoryInventoryStore();
    const sync = new SyncEngine({
      concurrencyPerCluster: 4,
      backoff: new ClusterBackoff({ initialMs: 1000, maxMs: 60_000 }),
      inventory,
    });
    await sync.syncAll(
      [usEast],
      await configServices(40, inventory),
      undefined,
      handover,
    );
    expect(calls).toBeGreaterThan(40);
    expect(startedMeanwhile).toBe(0);
    // And it went on afterwards: every service's object is there.
    expect(usEast.writes.filter(w => w.verb === 'create')).toHaveLength(41);
  });

  it('lists only its own objects when its cluster’s copies are not fresh and it passes few services, and still writes only what changed', async () => {
    const usEast = new ColdCopyClient('us-east');
    const sync = engine();
    const desired = { 'us-east': [rendered(compute), rendered(config)] };
    const approvals: PassReads = { ownWhenCold: true };
    const pass = () => sync.syncAll([usEast], desired, undefined, approvals);
    await pass();
    usEast.becomeReady();
    usEast.writes.length = 0;

    const [settled] = await pass();
    expect(settled.state).toBe('InSync');
    expect(usEast.writes).toEqual([]);
    expect(usEast.copyReads).toBe(0);
    const own = `app.kubernetes.io/managed-by=miniplanes,miniplanes.io/service-hash in (${serviceLabelValue(
      ENTITY,
    )})`;
    expect(usEast.selectors).toContain(`Deployment?${own}`);
    expect(usEast.selectors).toContain(`ConfigMap?${own}`);

    // What its own list shows is what the pass judges by.
    usEast.edit(compute.manifest, o => {
      (o.spec as any).replicas = 7;
    });
    const [drifted] = await pass();
    expect(drifted.state).toBe('Drifted');
    expect(usEast.writes.map(w => w.key)).toEqual([STORAGE_KEY]);
  });

  it('reads the watched copies, fresh or not, in the whole fleet’s pass and in one of many services', async () => {
    const usEast = new ColdCopyClient('us-east');
    await engine().syncAll([usEast], { 'us-east': [rendered(config)] });
    expect(usEast.copyReads).toBe(1);

    const { inventory, engine: sync } = engine();
    await sync.syncAll(
      [usEast],
      await configServices(17, inventory),
      undefined,
      undefined,
      { ownWhenCold: true },
    );
    expect(usEast.copyReads).toBe(2);
    expect(usEast.selectors.filter(s => s.includes('service-hash'))).toEqual(
      [],
    );
  });
});
