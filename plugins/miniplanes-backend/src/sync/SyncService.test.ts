import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { approvedRequest } from '../__testUtils__/sync/approvedRequest';
import {
  ClusterWrite,
  writesFromNow,
} from '../__testUtils__/sync/clusterWrites';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import {
  deleteLive,
  mergePatchLive,
  readLive,
  servedObject,
} from '../__testUtils__/sync/liveObjects';
import { serviceStatusOf } from '../__testUtils__/sync/serviceStatusOf';
import { sleep } from '../__testUtils__/sync/syncPasses';

jest.setTimeout(60_000);

const STORAGE = 'component:default/storage';
const UI = 'component:default/ui';
const US = new Set(['us-east', 'us-pet']);

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'miniplanes',
  name,
});
const mongodb = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  namespace: 'miniplanes',
  name: 'mongodb',
};
const STORAGE_CONFIG = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'miniplanes',
  name: 'storage-config',
};

/** Files a request as its owner and approves it as someone else. */
const approved = (h: SyncHarness, spec: FederatedService, reason: string) =>
  approvedRequest(h.requests, spec, { reason });

/** Rolls storage and ui out and waits until every pod is ready. */
async function rolledOut(h: SyncHarness) {
  await h.placement.putSpec({ spec: exampleService('storage'), source: 'api' });
  await h.placement.putSpec({ spec: exampleService('ui'), source: 'api' });
  await h.sync.syncAll();
  await sleep(300);
  await h.sync.syncAll();
}

/** The storage service on clusters with these capabilities, releasing these clusters. */
function storageOn(
  requires: string[],
  release: string[] = ['us-east'],
): FederatedService {
  const original = exampleService('storage');
  return {
    ...original,
    spec: {
      ...original.spec,
      data: { ...original.spec.data, release },
      placement: { ...original.spec.placement, requires },
    },
  };
}

const ON_SSD = ['storage', 'ssd'];

/** The storage service placed on us-east (and us-west) again, us-east still released. */
function storageBackOnUsEast(): FederatedService {
  const back = storageOn(['storage']);
  back.spec.placement.clusterSelector = {
    matchExpressions: [
      { key: 'region', operator: 'In', values: ['us-east-1', 'us-west-2'] },
    ],
  };
  return back;
}

/**
 * Storage's data leaves us-east (retained there), and a version releasing
 * us-east is approved while us-east cannot be reached: the release waits.
 */
async function releaseWaitingOnUsEast(h: SyncHarness) {
  await approved(h, storageOn(ON_SSD, []), 'databases on SSD only');
  await h.sync.syncAll();
  h.sim.cluster('us-east').setOutage('refuse');
  await approved(h, storageOn(ON_SSD), 'drop the old copy');
  await h.sync.syncAll();
}

/** Storage's StatefulSet was not deleted in us-east since `since`, and is there. */
async function expectDataKeptInUsEast(
  h: SyncHarness,
  since: () => ClusterWrite[],
) {
  expect(
    since()
      .filter(w => w.verb === 'delete' && w.cluster === 'us-east')
      .map(w => `${w.kind} ${w.name}`),
  ).not.toContain('StatefulSet mongodb');
  expect(await readLive(h, 'us-east', mongodb)).toBeDefined();
}

describe('SyncService against a simulated fleet', () => {
  const startHarness = syncHarnessPerTest();

  it('rolls out over TLS to exactly the placed clusters, then a steady state costs no writes', async () => {
    // Pods start slowly enough that the rollout pass always sees them pending,
    // however loaded the machine.
    const h = await startHarness({ tls: true, podStartupMs: 500 });
    const since = writesFromNow(h.sim);
    await h.placement.putSpec({
      spec: exampleService('storage'),
      source: 'api',
    });
    await h.placement.putSpec({ spec: exampleService('ui'), source: 'api' });
    const statusChanges: string[] = [];
    h.sync.onStatusChange(entityRef => statusChanges.push(entityRef));
    const first = await h.sync.syncAll();
    expect(new Set(statusChanges)).toEqual(new Set([STORAGE, UI]));
    expect(first.errors).toBe(0);

    const written = since();
    const where = (kind: string, name: string) =>
      [
        ...new Set(
          written
            .filter(w => w.kind === kind && w.name === name)
            .map(w => w.cluster),
        ),
      ].sort();
    expect(where('StatefulSet', 'mongodb')).toEqual(['us-east', 'us-pet']);
    expect(where('Deployment', 'storage')).toEqual(['us-east', 'us-pet']);
    expect(where('ConfigMap', 'storage-config')).toEqual(['us-east', 'us-pet']);
    expect(where('Deployment', 'ui')).toEqual([
      'ap-gpu',
      'eu-west',
      'us-east',
      'us-pet',
    ]);
    expect(written.filter(w => w.cluster === 'eu-spot')).toEqual([]);
    expect(new Set(written.map(w => w.fieldManager))).toEqual(
      new Set(['miniplanes']),
    );

    // Replicas are divided as decided, and the pods carry the entity's labels.
    const ui = await Promise.all(
      ['ap-gpu', 'eu-west', 'us-east', 'us-pet'].map(c =>
        readLive(h, c, deployment('ui')),
      ),
    );
    expect(ui.map(d => d.spec.replicas)).toEqual([2, 1, 1, 2]);
    expect(ui[1].spec.template.spec.containers[0].env).toEqual([
      { name: 'COOKIE_CONSENT', value: 'gdpr' },
    ]);
    expect(ui[0].spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'miniplanes',
      'backstage.io/kubernetes-id': 'ui',
    });
    expect((await serviceStatusOf(h, UI)).state).toBe('Progressing');

    // The StatefulSet starts its pods one by one; later passes see them ready.
    const deadline = Date.now() + 20_000;
    const settledState = async () => [
      (await serviceStatusOf(h, STORAGE)).state,
      (await serviceStatusOf(h, UI)).state,
    ];
    do {
      await sleep(250);
      await h.sync.syncAll();
    } while (
      (await settledState()).some(state => state !== 'InSync') &&
      Date.now() < deadline
    );
    const sinceSettled = writesFromNow(h.sim);
    statusChanges.length = 0;
    const steady = await h.sync.syncAll();
    expect(steady.writes).toBe(0);
    expect(sinceSettled()).toEqual([]);
    // Nothing new to show either: the portal is not told.
    expect(statusChanges).toEqual([]);

    const status = await serviceStatusOf(h, STORAGE);
    expect(status.state).toBe('InSync');
    expect(status.clusters.find(c => c.cluster === 'us-pet')).toMatchObject({
      placed: true,
      state: 'InSync',
      specVersion: 1,
      desiredReplicas: 6, // 3 mongodb + 3 storage
      readyReplicas: 6,
      driftCount: 0,
      retained: [],
    });
  });

  it('restores an edited and a deleted object, and records the drift', async () => {
    const h = await startHarness();
    await rolledOut(h);
    await mergePatchLive(h, 'us-east', 'kubectl-edit', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'storage', namespace: 'miniplanes' },
      spec: { replicas: 7 },
    });
    await deleteLive(h, 'us-pet', STORAGE_CONFIG);

    const since = writesFromNow(h.sim);
    await h.sync.syncAll();
    expect(
      since()
        .map(
          w => `${w.cluster} ${w.verb} ${w.kind} ${w.name} ${w.fieldManager}`,
        )
        .sort(),
    ).toEqual([
      'us-east patch Deployment storage miniplanes',
      'us-pet create ConfigMap storage-config miniplanes',
    ]);
    expect(
      (await readLive(h, 'us-east', deployment('storage'))).spec.replicas,
    ).toBe(1);

    const status = await serviceStatusOf(h, STORAGE);
    expect(status.state).toBe('Drifted');
    expect(
      status.clusters.filter(c => c.driftCount > 0).map(c => c.cluster),
    ).toEqual(['us-east', 'us-pet']);
    const drift = (await h.store.listEvents({ entityRef: STORAGE })).filter(
      e => e.type === 'sync.drift',
    );
    expect(drift.map(e => e.message).sort()).toEqual([
      'drift restored in us-east: Deployment miniplanes/storage (/spec/replicas changed)',
      'drift restored in us-pet: ConfigMap miniplanes/storage-config (deleted)',
    ]);
  });

  it('writes a field newer than the client library knows, then finds the object in sync', async () => {
    const h = await startHarness();
    const ui = exampleService('ui');
    const manifest = ui.spec.resources[0].manifest as unknown as {
      spec: Record<string, unknown>;
    };
    manifest.spec.futureRolloutField = { maxUnready: '10%' };
    await h.placement.putSpec({ spec: ui, source: 'api' });
    await h.sync.syncAll();
    const live = await servedObject(
      h.sim,
      'us-east',
      '/apis/apps/v1/namespaces/miniplanes/deployments/ui',
    );
    expect(live.spec).toMatchObject({
      futureRolloutField: { maxUnready: '10%' },
    });

    const since = writesFromNow(h.sim);
    await h.sync.syncAll();
    expect(since().filter(w => w.fieldManager === 'miniplanes')).toEqual([]);
    const status = await serviceStatusOf(h, UI);
    expect(status.clusters.filter(c => c.driftCount > 0)).toEqual([]);
  });

  it('applies a version whose patch adds a sidecar that another override changes, on every placed cluster', async () => {
    const h = await startHarness();
    await rolledOut(h);
    const current = exampleService('ui');
    const withSidecar: FederatedService = {
      ...current,
      spec: {
        ...current.spec,
        overrides: [
          ...(current.spec.overrides ?? []),
          {
            clusters: {},
            patches: [
              {
                op: 'add',
                path: '/spec/template/spec/containers/-',
                value: { name: 'proxy', image: 'envoy:1.31' },
              },
            ],
          },
          {
            clusters: { matchLabels: { jurisdiction: 'IE' } },
            image: 'ghcr.io/miniplanes/ui:1.5.0',
          },
        ],
      },
    };
    const filed = await approved(h, withSidecar, 'a proxy beside the UI');
    await h.sync.syncAll();
    // Stored versions reach the sync frozen: the render writes only its copy.
    expect((await h.requests.get(filed.id)).status).toBe('applied');
    const images = async (cluster: string) =>
      (
        await readLive(h, cluster, deployment('ui'))
      ).spec.template.spec.containers.map(
        (c: { name: string; image: string }) => `${c.name} ${c.image}`,
      );
    expect(await images('eu-west')).toEqual([
      'ui ghcr.io/miniplanes/ui:1.5.0',
      'proxy ghcr.io/miniplanes/ui:1.5.0',
    ]);
    expect(await images('us-east')).toEqual([
      'ui ghcr.io/miniplanes/ui:1.4.2',
      'proxy envoy:1.31',
    ]);
  });

  it('keeps data a placement change takes off a cluster, prunes the rest, and settles the request', async () => {
    const h = await startHarness();
    await rolledOut(h);
    const current = exampleService('storage');
    const onlySsd = {
      ...current,
      spec: {
        ...current.spec,
        placement: { ...current.spec.placement, requires: ['storage', 'ssd'] },
      },
    };
    const filed = await approved(h, onlySsd, 'databases on SSD only');
    // Approved, it waits for the placed cluster to take it.
    expect((await h.requests.get(filed.id)).waitingFor).toEqual([
      { cluster: 'us-pet', reason: 'not synced yet' },
    ]);

    const since = writesFromNow(h.sim);
    await h.sync.syncAll();
    const usEast = since().filter(w => w.cluster === 'us-east');
    expect(usEast.map(w => `${w.verb} ${w.kind} ${w.name}`).sort()).toEqual([
      // The backup schedule goes with the data; its backups stay in the bucket.
      'delete BackupStorageLocation miniplanes-us-backups',
      'delete ConfigMap storage-config',
      'delete Deployment storage',
      'delete Schedule storage-nightly',
    ]);
    expect(await readLive(h, 'us-east', mongodb)).toBeDefined();
    expect(await readLive(h, 'us-east', deployment('storage'))).toBeUndefined();
    expect(
      (await readLive(h, 'us-pet', deployment('storage'))).spec.replicas,
    ).toBe(4);

    const status = await serviceStatusOf(h, STORAGE);
    const usEastStatus = status.clusters.find(c => c.cluster === 'us-east')!;
    expect(usEastStatus.placed).toBe(false);
    expect(
      usEastStatus.retained.map(r => `${r.kind} ${r.name}`).sort(),
    ).toEqual(['Cluster ledger', 'Service mongodb', 'StatefulSet mongodb']);
    expect((await h.requests.get(filed.id)).status).toBe('applied');
    const types = (await h.store.listEvents({ entityRef: STORAGE })).map(
      e => e.type,
    );
    expect(types).toEqual(
      expect.arrayContaining(['sync.retained', 'request.applied']),
    );

    // Still kept, and costs nothing, on later syncs.
    const sinceLater = writesFromNow(h.sim);
    await h.sync.syncAll();
    expect(sinceLater().filter(w => w.verb === 'delete')).toEqual([]);
  });

  it('deletes retained data only when an approved version releases it, and only data retained before that version', async () => {
    const h = await startHarness();
    await rolledOut(h);
    const original = exampleService('storage');
    const version = (
      requires: string[],
      release?: string[],
    ): typeof original => ({
      ...original,
      spec: {
        ...original.spec,
        data: { ...original.spec.data, ...(release ? { release } : {}) },
        placement: { ...original.spec.placement, requires },
      },
    });
    const approve = async (spec: typeof original, reason: string) => {
      const request = await approved(h, spec, reason);
      await h.sync.syncAll();
      return request;
    };
    const deletes = (since: () => ClusterWrite[]) =>
      since()
        .filter(w => w.verb === 'delete' && w.cluster === 'us-east')
        .map(w => `${w.kind} ${w.name}`)
        .sort();

    // Version 2 takes the data off us-east: it stays there, retained.
    await approve(version(['storage', 'ssd']), 'databases on SSD only');
    expect(await readLive(h, 'us-east', mongodb)).toBeDefined();

    // Version 3 releases us-east: approvers are told, the sync deletes it.
    const beforeRelease = writesFromNow(h.sim);
    const release = await approve(
      version(['storage', 'ssd'], ['us-east']),
      'the SSD copy is verified; drop the old one',
    );
    expect(release.checks).toContainEqual({
      name: 'data-release',
      passed: true,
      message:
        'approving deletes the data this service left behind: Service miniplanes/mongodb in us-east, StatefulSet miniplanes/mongodb in us-east, Cluster miniplanes/ledger in us-east',
    });
    expect(release.impact?.deletes.map(d => `${d.cluster} ${d.kind}`)).toEqual(
      expect.arrayContaining(['us-east StatefulSet', 'us-east Service']),
    );
    expect(deletes(beforeRelease)).toEqual([
      'Cluster ledger',
      'Service mongodb',
      'StatefulSet mongodb',
    ]);
    expect(await readLive(h, 'us-east', mongodb)).toBeUndefined();
    const usEast = (await serviceStatusOf(h, STORAGE)).clusters.find(
      c => c.cluster === 'us-east',
    );
    expect(usEast?.retained ?? []).toEqual([]);
    expect(
      (await h.store.listEvents({ entityRef: STORAGE })).find(
        e => e.type === 'sync.released',
      )?.message,
    ).toBe(
      'data released by the approved version deleted in us-east: Cluster miniplanes/ledger, StatefulSet miniplanes/mongodb, Service miniplanes/mongodb',
    );

    // The release is spent: data placed on us-east again, then taken off
    // again by a later version that still lists us-east, is kept.
    await approve(version(['storage'], ['us-east']), 'back on us-east');
    expect(await readLive(h, 'us-east', mongodb)).toBeDefined();
    const beforeLeaving = writesFromNow(h.sim);
    await approve(version(['storage', 'ssd'], ['us-east']), 'SSD only again');
    await h.sync.syncAll();
    expect(deletes(beforeLeaving)).toContain('ConfigMap storage-config');
    expect(deletes(beforeLeaving)).not.toContain('StatefulSet mongodb');
    expect(deletes(beforeLeaving)).not.toContain('Service mongodb');
    expect(await readLive(h, 'us-east', mongodb)).toBeDefined();

    // Nor does any later version that keeps listing it.
    const later = version(['storage', 'ssd'], ['us-east']);
    later.spec.placement.replicas = { total: 5, mode: 'Divided' };
    const unrelated = await approve(later, 'one more storage replica');
    expect(unrelated.checks).toContainEqual({
      name: 'data-release',
      passed: true,
      message: expect.stringMatching(
        /^no data is deleted; kept where no longer placed: .*StatefulSet miniplanes\/mongodb in us-east/,
      ),
    });
    await h.sync.syncAll();
    expect(await readLive(h, 'us-east', mongodb)).toBeDefined();

    // Releasing it again takes a version that adds it to the list anew.
    await approve(version(['storage', 'ssd']), 'no release pending');
    const beforeSecondRelease = writesFromNow(h.sim);
    await approve(
      version(['storage', 'ssd'], ['us-east']),
      'drop the second copy too',
    );
    expect(deletes(beforeSecondRelease)).toEqual([
      'Cluster ledger',
      'Service mongodb',
      'StatefulSet mongodb',
    ]);
  });

  it('voids a release whose data is placed on its cluster again before it was carried out, and keeps that data when it leaves again', async () => {
    const h = await startHarness();
    await rolledOut(h);
    await releaseWaitingOnUsEast(h);
    expect(
      (await h.inventory.pendingReleases([STORAGE])).map(r => r.cluster),
    ).toContain('us-east');

    // Before the sync gets there, a version places the data on us-east
    // again: its copy there is the service's data again, written to again.
    await approved(h, storageBackOnUsEast(), 'back on us-east');
    h.sim.cluster('us-east').setOutage(undefined);
    // Once us-east's back-off after the refusals is over.
    const placedAgain = async () =>
      (await h.inventory.list({ cluster: 'us-east', entityRefs: [STORAGE] }))
        .filter(e => e.name === 'mongodb')
        .every(e => e.state === 'applied');
    for (let i = 0; i < 30 && !(await placedAgain()); i++) {
      await sleep(100);
      await h.sync.syncAll();
    }
    expect(await placedAgain()).toBe(true);

    // That release can no longer act: it is not pending, and the audit
    // trail says it was voided, and why, rather than "not yet" for ever.
    await h.sync.syncAll();
    expect(await h.inventory.pendingReleases([STORAGE])).toEqual([]);
    const voided = (await h.inventory.listReleases(STORAGE)).filter(
      r => r.cluster === 'us-east',
    );
    expect(voided.length).toBeGreaterThan(0);
    for (const release of voided) {
      expect(release.executedAt).toBeUndefined();
      expect(release.voidedAt).toEqual(expect.any(String));
      expect(release.voidedBecause).toMatch(
        /placed in us-east again by version 4 before the release was carried out; only a version that newly lists the cluster in spec.data.release can release it now/,
      );
    }
    // The owner's history says so too, once.
    const voidedEntries = (
      await h.store.listEvents({ entityRef: STORAGE })
    ).filter(e => e.type === 'sync.releaseVoided');
    expect(voidedEntries).toHaveLength(1);
    expect(voidedEntries[0].message).toMatch(
      /^a release approved for us-east can no longer be carried out: .*StatefulSet miniplanes\/mongodb was placed in us-east again by version 4/,
    );

    // It leaves again, with no new release: it is kept, as any data is.
    const since = writesFromNow(h.sim);
    await approved(h, storageOn(ON_SSD), 'SSD only again');
    await h.sync.syncAll();
    await h.sync.syncAll();
    await expectDataKeptInUsEast(h, since);
  });

  it('voids a waiting release once a version writes its data again, even when the write never answered', async () => {
    const h = await startHarness();
    await rolledOut(h);
    await releaseWaitingOnUsEast(h);

    // A version places the data on us-east again. Its writes there land,
    // but their answers are lost: the sync cannot tell they did.
    await approved(h, storageBackOnUsEast(), 'back on us-east');
    const usEast = h.sim.cluster('us-east');
    usEast.setOutage(undefined);
    usEast.dropConnections({ verb: 'patch', afterCommit: true });
    const since = writesFromNow(h.sim);
    const writtenAgain = () =>
      since().some(
        w =>
          w.cluster === 'us-east' &&
          w.verb === 'patch' &&
          w.kind === 'StatefulSet' &&
          w.name === 'mongodb',
      );
    for (let i = 0; i < 30 && !writtenAgain(); i++) {
      await sleep(100);
      await h.sync.syncAll();
    }
    expect(writtenAgain()).toBe(true);

    // The data, written to again, leaves again with no new release; the
    // sync gets to us-east again once its back-off is over.
    await approved(h, storageOn(ON_SSD), 'SSD only again');
    for (let i = 0; i < 30; i++) {
      await sleep(100);
      await h.sync.syncAll();
      if ((await h.inventory.pendingReleases([STORAGE])).length === 0) break;
    }
    await expectDataKeptInUsEast(h, since);
    expect(await h.inventory.pendingReleases([STORAGE])).toEqual([]);
  });

  it('fails an approved request a cluster refuses, naming why', async () => {
    const h = await startHarness();
    const usPet = await h.foreignApi('us-pet');
    await usPet.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'miniplanes' },
    });
    await usPet.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'storage-config', namespace: 'miniplanes' },
      data: { owner: 'someone else' },
    });
    const filed = await approved(
      h,
      exampleService('storage'),
      'first placement',
    );
    await h.sync.syncAll();

    const settled = await h.requests.get(filed.id);
    expect(settled.status).toBe('failed');
    expect(settled.failure).toMatch(
      /ConfigMap miniplanes\/storage-config already exists in cluster us-pet and miniplanes did not apply it/,
    );
    const untouched = await readLive(h, 'us-pet', STORAGE_CONFIG);
    expect(untouched.data).toEqual({ owner: 'someone else' });
  });

  it('survives a 429 storm on one cluster without holding the others back', async () => {
    const h = await startHarness();
    h.sim
      .cluster('us-east')
      .injectError({ status: 429, retryAfterSeconds: 1, count: 3 });
    const sinceStart = writesFromNow(h.sim);
    await h.placement.putSpec({ spec: exampleService('ui'), source: 'api' });
    const first = await h.sync.syncAll();
    expect(first.errors).toBe(1);
    // Reads here would draw on the injected errors, so the write log tells.
    const uiWritten = (cluster: string) =>
      sinceStart().some(w => w.cluster === cluster && w.kind === 'Deployment');
    expect(['ap-gpu', 'eu-west', 'us-pet'].map(uiWritten)).toEqual([
      true,
      true,
      true,
    ]);
    expect(uiWritten('us-east')).toBe(false);
    const degraded = await serviceStatusOf(h, UI);
    expect(degraded.state).toBe('Degraded');
    expect(
      degraded.clusters.find(c => c.cluster === 'us-east')?.lastError,
    ).toMatch(/Too many requests/);

    // Backing off honours Retry-After: the next pass inside that second leaves us-east alone.
    await h.sync.syncAll();
    expect(uiWritten('us-east')).toBe(false);
    expect(
      (await serviceStatusOf(h, UI)).clusters.find(c => c.cluster === 'us-east')
        ?.state,
    ).toBe('BackingOff');

    for (let i = 0; i < 20 && !uiWritten('us-east'); i++) {
      await sleep(500);
      await h.sync.syncAll();
    }
    expect((await readLive(h, 'us-east', deployment('ui'))).spec.replicas).toBe(
      1,
    );
  });

  it('fails compute over after the grace period, never moving or writing data', async () => {
    const h = await startHarness({ gracePeriodMs: 60_000 });
    await rolledOut(h);
    const since = writesFromNow(h.sim);
    h.sim.cluster('us-east').setOutage('refuse');
    await h.fleet.refresh();

    // Within the grace period nothing moves; the dead cluster does not stall the others.
    const placedBefore = (await h.store.getService(STORAGE))!.decision!.summary;
    await h.placement.reevaluateAll();
    expect((await h.store.getService(STORAGE))!.decision!.summary).toEqual(
      placedBefore,
    );
    const started = Date.now();
    const during = await h.sync.syncAll();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(during.errors).toBe(2);
    expect((await serviceStatusOf(h, STORAGE)).state).toBe('Degraded');

    h.advanceClock(61_000);
    await h.fleet.refresh();
    await h.placement.reevaluateAll();
    await h.sync.syncAll();

    const storage = (await h.store.getService(STORAGE))!.decision!;
    expect(storage.summary).toEqual(
      expect.arrayContaining([
        { role: 'data', clusters: ['us-east', 'us-pet'], replicas: 6 },
        { role: 'compute', clusters: ['us-pet'], replicas: 4 },
      ]),
    );
    expect(
      (await readLive(h, 'us-pet', deployment('storage'))).spec.replicas,
    ).toBe(4);
    const ui = await Promise.all(
      ['ap-gpu', 'eu-west', 'us-pet'].map(c =>
        readLive(h, c, deployment('ui')),
      ),
    );
    expect(ui.reduce((n, d) => n + d.spec.replicas, 0)).toBe(6);

    const written = since();
    // Data untouched anywhere, storage never outside its jurisdiction.
    expect(
      written.filter(
        w =>
          w.kind === 'StatefulSet' ||
          (w.kind === 'Service' && w.name === 'mongodb'),
      ),
    ).toEqual([]);
    expect(
      written.filter(w => w.name.startsWith('storage') && !US.has(w.cluster)),
    ).toEqual([]);
    expect(written.filter(w => w.cluster === 'us-east')).toEqual([]);

    const failover = (await h.store.listEvents({ entityRef: STORAGE })).filter(
      e => e.type === 'placement.failover',
    );
    expect(failover).toHaveLength(1);
    expect(failover[0].message).toMatch(
      /^failover: compute moved off us-east \(cluster unhealthy since .*grace period\) to us-pet/,
    );
  });
});
