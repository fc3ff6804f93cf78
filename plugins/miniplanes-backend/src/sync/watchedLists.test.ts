import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import {
  deleteLive,
  mergePatchLive,
  readLive,
} from '../__testUtils__/sync/liveObjects';
import { sleep } from '../__testUtils__/sync/syncPasses';
import { ECHOED_WRITES_MIN } from '../cluster/WatchedList';

jest.setTimeout(60_000);

const STORAGE_CLUSTERS = ['us-east', 'us-pet'];

/** Every list the clusters answer fails from now on: a pass that lists reports errors. */
function refuseLists(h: SyncHarness, clusters = STORAGE_CLUSTERS) {
  for (const name of clusters)
    h.sim.cluster(name).injectError({ status: 500, verb: 'list' });
}

async function rolledOut(h: SyncHarness) {
  await h.placement.putSpec({ spec: exampleService('storage'), source: 'api' });
  const first = await h.sync.syncAll();
  expect(first.errors).toBe(0);
}

/** Deletes storage's ConfigMap as someone else would, and waits for the watch to carry it. */
async function deleteConfigMapBehindOurBack(h: SyncHarness, cluster: string) {
  await deleteLive(h, cluster, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'storage-config',
    namespace: 'miniplanes',
  });
  await sleep(200);
}

function configMapCreates(h: SyncHarness, cluster: string, since: number) {
  return h.sim
    .cluster(cluster)
    .writes({ since })
    .filter(w => w.kind === 'ConfigMap' && w.verb === 'create').length;
}

const lastSeq = (h: SyncHarness, cluster: string) =>
  h.sim.cluster(cluster).writes().at(-1)?.seq ?? 0;

describe('the sync reads what it manages from watched lists', () => {
  const startHarness = syncHarnessPerTest();

  it('lists nothing in a steady pass, yet sees a change the watch carried', async () => {
    const h = await startHarness();
    await rolledOut(h);
    refuseLists(h);
    const stamps = async () =>
      (await h.statusStore.list(['component:default/storage'])).map(
        r => r.lastSyncAt,
      );
    const before = await stamps();
    await sleep(5);

    const steady = await h.sync.syncAll();
    expect(steady.errors).toBe(0);
    expect(steady.writes).toBe(0);
    // Nothing new, but each cluster's record says when it was last synced.
    const after = await stamps();
    expect(after).toHaveLength(before.length);
    after.forEach((stamp, i) =>
      expect(Date.parse(stamp)).toBeGreaterThan(Date.parse(before[i])),
    );

    const since = lastSeq(h, 'us-pet');
    await deleteConfigMapBehindOurBack(h, 'us-pet');
    const repair = await h.sync.syncAll();
    expect(repair.errors).toBe(0);
    expect(configMapCreates(h, 'us-pet', since)).toBe(1);
  });

  it('stops a watch that echoed a pass of many writes: the next pass lists once, and the one after reads its watch', async () => {
    const h = await startHarness();
    // More ConfigMaps in each storage cluster than a watch follows before it
    // is cheaper to list them (the list held none).
    const storage = exampleService('storage');
    for (let i = 0; i <= ECHOED_WRITES_MIN; i++) {
      storage.spec.resources.push({
        role: 'config',
        manifest: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `storage-extra-${i}` },
          data: { index: String(i) },
        },
      });
    }
    await h.placement.putSpec({ spec: storage, source: 'api' });
    const rollout = await h.sync.syncAll();
    expect(rollout.errors).toBe(0);

    // us-pet's ConfigMaps are listed again: a refused list fails its pass.
    h.sim
      .cluster('us-pet')
      .injectError({ status: 500, verb: 'list', count: 1 });
    const relisted = await h.sync.syncAll();
    expect(relisted.writes).toBe(0);
    const status = await h.statusStore.list(['component:default/storage']);
    expect(status.filter(r => r.lastError).map(r => r.cluster)).toEqual([
      'us-pet',
    ]);

    // us-east listed in that pass and watches again: no list is needed.
    refuseLists(h, ['us-east']);
    const steady = await h.sync.syncAll();
    expect(steady.writes).toBe(0);
    const after = await h.statusStore.list(['component:default/storage']);
    expect(after.find(r => r.cluster === 'us-east')?.lastError).toBeUndefined();
  });

  it('lists afresh once a watch is cut, and recovers when lists are answered again', async () => {
    const h = await startHarness();
    await rolledOut(h);
    refuseLists(h);
    h.sim.cluster('us-pet').applyFaultSpec({ dropWatches: 'reset' });
    await sleep(200);

    const cut = await h.sync.syncAll();
    // us-pet had to list (and was refused); us-east still read its watches.
    expect(cut.errors).toBeGreaterThan(0);
    const status = await h.statusStore.list(['component:default/storage']);
    expect(status.filter(r => r.lastError).map(r => r.cluster)).toEqual([
      'us-pet',
    ]);

    for (const name of STORAGE_CLUSTERS) h.sim.cluster(name).clearFaults();
    await sleep(2_100); // the cluster's backoff after the error
    const recovered = await h.sync.syncAll();
    expect(recovered.errors).toBe(0);
    expect(recovered.writes).toBe(0);
  });

  it('does not trust a stalled watch beyond the relist interval', async () => {
    const h = await startHarness({ relistIntervalMs: 1_500 });
    await rolledOut(h);
    h.sim.cluster('us-pet').applyFaultSpec({ stallWatches: true });

    const since = lastSeq(h, 'us-pet');
    await deleteConfigMapBehindOurBack(h, 'us-pet');
    // Within the interval the pass trusts its copy and misses the deletion.
    await h.sync.syncAll();
    expect(configMapCreates(h, 'us-pet', since)).toBe(0);

    await sleep(1_600);
    await h.sync.syncAll();
    expect(configMapCreates(h, 'us-pet', since)).toBe(1);
  });

  it('writes no object replaced behind a stalled watch: the apply names the uid it judged', async () => {
    const h = await startHarness();
    await rolledOut(h);
    // us-pet's watches go silent: its copy keeps miniplanes' ConfigMap.
    h.sim.cluster('us-pet').applyFaultSpec({ stallWatches: true });
    const since = lastSeq(h, 'us-pet');
    await deleteConfigMapBehindOurBack(h, 'us-pet');
    const api = await h.foreignApi('us-pet');
    await api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'storage-config', namespace: 'miniplanes' },
      data: { owner: 'someone-else' },
    });
    // A new version changes the ConfigMap: the copy says it is ours, as applied.
    const next = exampleService('storage');
    const config = next.spec.resources.find(
      r => r.manifest.metadata.name === 'storage-config',
    )!;
    config.manifest = { ...config.manifest, data: { MONGO_URL: 'changed' } };
    await h.placement.putSpec({ spec: next, source: 'api' });

    const pass = await h.sync.syncAll();
    const written = h.sim
      .cluster('us-pet')
      .writes({ since })
      .filter(w => w.fieldManager === 'miniplanes' && w.kind === 'ConfigMap');
    expect(written).toEqual([]);
    const theirs = await readLive(h, 'us-pet', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'storage-config',
      namespace: 'miniplanes',
    });
    expect(theirs.data).toEqual({ owner: 'someone-else' });
    const record = (
      await h.statusStore.list(['component:default/storage'])
    ).find(r => r.cluster === 'us-pet')!;
    // Refused by the apply's uid precondition while the stalled copy still
    // shows miniplanes' object (how this test runs on an idle host), or, if
    // the cluster was read afresh meanwhile (a loaded one), by the read.
    expect(
      record.objects.find(o => o.name === 'storage-config')?.message,
    ).toMatch(
      /deleted or replaced since the sync read it; nothing was written|is not the object miniplanes applied \(it was replaced\)/,
    );
    expect(pass.writes).toBeGreaterThan(0);

    // The next pass reads the cluster afresh and leaves their object alone.
    h.sim.cluster('us-pet').clearFaults();
    await h.sync.syncAll();
    expect(
      h.sim
        .cluster('us-pet')
        .writes({ since })
        .filter(w => w.fieldManager === 'miniplanes' && w.kind === 'ConfigMap'),
    ).toEqual([]);
  });

  it('passes one service on its own list while the copies are being listed again, and judges by it', async () => {
    const h = await startHarness();
    await rolledOut(h);
    // us-pet's watches are cut: its copies are listed again on the next
    // whole-fleet read, which an approval's pass need not wait for.
    h.sim.cluster('us-pet').applyFaultSpec({ dropWatches: 'reset' });
    await sleep(200);
    h.sim.cluster('us-pet').clearFaults();
    await mergePatchLive(h, 'us-pet', 'kubectl-edit', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'storage', namespace: 'miniplanes' },
      spec: { replicas: 9 },
    });
    await sleep(200);
    const ours = (cluster: string, since: number) =>
      h.sim
        .cluster(cluster)
        .writes({ since })
        .filter(w => w.fieldManager === 'miniplanes')
        .map(w => `${w.verb} ${w.kind}/${w.name}`);
    const since = {
      usEast: lastSeq(h, 'us-east'),
      usPet: lastSeq(h, 'us-pet'),
    };

    const storage = await h.store.getService('component:default/storage');
    const pass = await h.sync.syncServices([storage!]);
    expect(pass.errors).toBe(0);
    // Only the edited Deployment is written back: its own list found every
    // other object as applied (a list that missed them would rewrite them).
    expect(ours('us-pet', since.usPet)).toEqual(['patch Deployment/storage']);
    expect(ours('us-east', since.usEast)).toEqual([]);

    // It listed no copy of a whole kind: that is left to the whole fleet's
    // pass, which has to list us-pet's (refused here) and not us-east's.
    refuseLists(h);
    const fleetPass = await h.sync.syncAll();
    const status = await h.statusStore.list(['component:default/storage']);
    expect(fleetPass.errors).toBeGreaterThan(0);
    expect(status.filter(r => r.lastError).map(r => r.cluster)).toEqual([
      'us-pet',
    ]);
  });
});
