import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import type { KubernetesObject } from '@kubernetes/client-node';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { approvedRequest } from '../__testUtils__/sync/approvedRequest';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { mergePatchLive, readLive } from '../__testUtils__/sync/liveObjects';
import { sleep } from '../__testUtils__/sync/syncPasses';

jest.setTimeout(60_000);

const STORAGE = 'component:default/storage';
const mongodb = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  namespace: 'miniplanes',
  name: 'mongodb',
};

type Retention = 'Delete' | 'Retain';

/**
 * The storage service whose MongoDB claims a volume per replica, stored as
 * a version filed before miniplanes refused claim-deleting policies would
 * be (the store takes it as it is; filing would refuse `Delete`); with the
 * data required on other clusters, and clusters released, when told.
 */
function storage(input: {
  replicas: number;
  whenScaled?: Retention;
  whenDeleted?: Retention;
  serviceName?: string;
  requires?: string[];
  release?: string[];
}): FederatedService {
  const spec = structuredClone(exampleService('storage'));
  if (input.requires) spec.spec.placement.requires = input.requires;
  if (input.release)
    spec.spec.data = { ...spec.spec.data, release: input.release };
  const resource = spec.spec.resources.find(
    r => r.manifest.kind === 'StatefulSet',
  )!;
  const policy = {
    ...(input.whenScaled ? { whenScaled: input.whenScaled } : {}),
    ...(input.whenDeleted ? { whenDeleted: input.whenDeleted } : {}),
  };
  resource.manifest.spec = {
    ...(resource.manifest.spec as object),
    replicas: input.replicas,
    ...(input.serviceName ? { serviceName: input.serviceName } : {}),
    volumeClaimTemplates: [
      {
        metadata: { name: 'db' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '10Gi' } },
        },
      },
    ],
    ...(Object.keys(policy).length > 0
      ? { persistentVolumeClaimRetentionPolicy: policy }
      : {}),
  };
  return spec;
}

/** Stores a version of storage as the store takes it, unfiled. */
const stored = (h: SyncHarness, input: Parameters<typeof storage>[0]) =>
  h.placement.putSpec({ spec: storage(input), source: 'api' });

/** The claims in the cluster's miniplanes namespace, by name. */
async function claimsOf(
  h: SyncHarness,
  cluster: string,
): Promise<KubernetesObject[]> {
  const api = await h.foreignApi(cluster);
  const list = await api.list('v1', 'PersistentVolumeClaim', 'miniplanes');
  return [...list.items].sort((a, b) =>
    a.metadata!.name!.localeCompare(b.metadata!.name!),
  );
}

/** The names of the claims in the cluster's miniplanes namespace. */
const claimsIn = async (h: SyncHarness, cluster: string) =>
  (await claimsOf(h, cluster)).map(c => c.metadata!.name!);

/** Every PersistentVolumeClaim delete the cluster logged, by anyone (controllers and garbage collection too). */
const claimDeletes = (h: SyncHarness, cluster: string) =>
  h.sim
    .cluster(cluster)
    .writes({ includeControllers: true })
    .filter(w => w.verb === 'delete' && w.kind === 'PersistentVolumeClaim');

/** What the sync last reported of the MongoDB StatefulSet in the cluster. */
async function statefulSetStatus(h: SyncHarness, cluster: string) {
  const report = await h.statusStore.list([STORAGE]);
  return report
    .find(r => r.cluster === cluster)
    ?.objects.find(o => o.kind === 'StatefulSet');
}

/** Syncs until the StatefulSet's pods, and so its claims, all exist in the cluster. */
async function syncedWithClaims(h: SyncHarness, cluster: string, n: number) {
  for (let i = 0; i < 40; i++) {
    await h.sync.syncAll();
    if ((await claimsIn(h, cluster)).length === n) return;
    await sleep(100);
  }
  throw new Error(`${cluster} never had ${n} claims`);
}

const ALL_THREE = ['db-mongodb-0', 'db-mongodb-1', 'db-mongodb-2'];

describe("a StatefulSet's storage claims", () => {
  const startHarness = syncHarnessPerTest();

  it('are never deleted by a scale-down miniplanes applies, whatever the retention policy stored or set by someone else', async () => {
    const h = await startHarness();
    await stored(h, { replicas: 3, whenScaled: 'Delete' });
    await syncedWithClaims(h, 'us-east', 3);

    // A version stored with whenScaled: Delete asks for one replica.
    await stored(h, { replicas: 1, whenScaled: 'Delete' });
    await h.sync.syncAll();
    expect(await statefulSetStatus(h, 'us-east')).toMatchObject({
      state: 'Error',
      message: expect.stringMatching(
        /^StatefulSet miniplanes\/mongodb in cluster us-east is not applied: scaling it from 3 to 1 replicas would let the StatefulSet controller delete the PersistentVolumeClaims of the replicas removed/,
      ),
    });
    expect((await readLive(h, 'us-east', mongodb)).spec.replicas).toBe(3);

    // A version with Retain scales it down; someone else then sets Delete
    // on the live object, and a later scale-down is refused too.
    await stored(h, { replicas: 2, whenScaled: 'Retain' });
    await h.sync.syncAll();
    expect((await readLive(h, 'us-east', mongodb)).spec.replicas).toBe(2);
    await mergePatchLive(h, 'us-east', 'kubectl-edit', {
      ...mongodb,
      metadata: { name: 'mongodb', namespace: 'miniplanes' },
      spec: { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } },
    });
    await stored(h, { replicas: 1 });
    await h.sync.syncAll();
    expect((await readLive(h, 'us-east', mongodb)).spec.replicas).toBe(2);

    await sleep(500);
    expect(await claimsIn(h, 'us-east')).toEqual(ALL_THREE);
    expect(claimDeletes(h, 'us-east')).toEqual([]);
  });

  it('stay, and the last good version with them, when a stored version changes what Kubernetes keeps immutable', async () => {
    const h = await startHarness();
    await stored(h, { replicas: 3 });
    await syncedWithClaims(h, 'us-east', 3);
    await stored(h, { replicas: 3, serviceName: 'mongo' });
    await h.sync.syncAll();
    expect(await statefulSetStatus(h, 'us-east')).toMatchObject({
      state: 'Error',
      message: expect.stringContaining(
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    });
    expect((await readLive(h, 'us-east', mongodb)).spec.serviceName).toBe(
      'mongodb',
    );
    expect(await claimsIn(h, 'us-east')).toEqual(ALL_THREE);
    expect(claimDeletes(h, 'us-east')).toEqual([]);
  });

  it('stay when a release deletes data whose StatefulSet garbage collection would delete them with', async () => {
    const h = await startHarness();
    await stored(h, { replicas: 2, whenDeleted: 'Delete' });
    await syncedWithClaims(h, 'us-east', 2);
    const owners = async () =>
      (await claimsOf(h, 'us-east')).map(
        c => c.metadata?.ownerReferences?.map(o => `${o.kind} ${o.name}`) ?? [],
      );
    expect(await owners()).toEqual([
      ['StatefulSet mongodb'],
      ['StatefulSet mongodb'],
    ]);

    // The data moves off us-east (its copy there is retained, as it was),
    // then a version releases us-east.
    await approvedRequest(
      h.requests,
      storage({
        replicas: 2,
        whenDeleted: 'Retain',
        requires: ['storage', 'ssd'],
      }),
    );
    await h.sync.syncAll();
    await approvedRequest(
      h.requests,
      storage({
        replicas: 2,
        whenDeleted: 'Retain',
        requires: ['storage', 'ssd'],
        release: ['us-east'],
      }),
    );
    await h.sync.syncAll();
    await h.sync.syncAll();

    expect(await readLive(h, 'us-east', mongodb)).toBeDefined();
    expect(await statefulSetStatus(h, 'us-east')).toMatchObject({
      state: 'Retained',
      message: expect.stringContaining(
        'would delete PersistentVolumeClaim miniplanes/db-mongodb-0, which it owns and which holds data',
      ),
    });
    expect(await claimsIn(h, 'us-east')).toEqual([
      'db-mongodb-0',
      'db-mongodb-1',
    ]);
    expect(claimDeletes(h, 'us-east')).toEqual([]);
  });

  it('stay when a release deletes their StatefulSet, and the approver and the history say so and how to free them', async () => {
    const h = await startHarness();
    await stored(h, {
      replicas: 2,
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    await syncedWithClaims(h, 'us-east', 2);
    const moved = {
      replicas: 2,
      whenDeleted: 'Retain' as const,
      whenScaled: 'Retain' as const,
      requires: ['storage', 'ssd'],
    };
    await approvedRequest(h.requests, storage(moved));
    await h.sync.syncAll();

    const release = await approvedRequest(
      h.requests,
      storage({ ...moved, release: ['us-east'] }),
    );
    // The approver sees it on the object released.
    expect(
      release.impact?.deletes.find(
        d => d.cluster === 'us-east' && d.kind === 'StatefulSet',
      )?.reason,
    ).toBe(
      'retained data this version releases; the storage claims its controller made (db-mongodb-<ordinal>) are not deleted: miniplanes did not apply them. Delete them in the cluster to free their storage',
    );
    await h.sync.syncAll();

    expect(await readLive(h, 'us-east', mongodb)).toBeUndefined();
    expect(await claimsIn(h, 'us-east')).toEqual([
      'db-mongodb-0',
      'db-mongodb-1',
    ]);
    expect(claimDeletes(h, 'us-east')).toEqual([]);
    const released = (await h.store.listEvents({ entityRef: STORAGE })).find(
      e => e.type === 'sync.released',
    );
    expect(released?.message).toContain('StatefulSet miniplanes/mongodb');
    expect(released?.message).toContain(
      'the claims StatefulSet miniplanes/mongodb made (db-mongodb-<ordinal> in namespace miniplanes) are not deleted: miniplanes did not apply them. Delete them in us-east to free their storage',
    );
  });
});
