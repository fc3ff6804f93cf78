import { shardBucketOf } from '@miniplanes/plugin-miniplanes-common';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { writesFromNow } from '../__testUtils__/sync/clusterWrites';
import { mergePatchLive, readLive } from '../__testUtils__/sync/liveObjects';
import { serviceStatusOf } from '../__testUtils__/sync/serviceStatusOf';
import {
  allShards,
  shardBucketSelector,
  shardIndexOf,
} from '../store/syncShards';
import { createShardedSync } from './createSyncService';

jest.setTimeout(60_000);

const STORAGE = 'component:default/storage';
const UI = 'component:default/ui';
const MANAGED = 'app.kubernetes.io/managed-by=miniplanes';
const BUCKET = 'miniplanes.io/shard-bucket';
/** A cluster both services are placed in. */
const CLUSTER = 'us-east';
const UI_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'ui',
  namespace: 'miniplanes',
};

/** Both services placed, and the sync split into two shards, as two replicas run it. */
async function twoShards(h: SyncHarness) {
  for (const name of ['storage', 'ui'])
    await h.placement.putSpec({ spec: exampleService(name), source: 'api' });
  // ui is in the first shard of two, storage in the second.
  expect([shardIndexOf(UI, 2), shardIndexOf(STORAGE, 2)]).toEqual([0, 1]);
  return createShardedSync({ ...h.syncWiring, shards: 2 });
}

describe('a sync split into shards', () => {
  const startHarness = syncHarnessPerTest();

  it("watches its own shard's objects alone, not every object miniplanes manages", async () => {
    const h = await startHarness();
    const shards = await twoShards(h);
    for (const shard of shards) await shard.syncAll();

    const client = await h.clients.get(h.fleet.connection(CLUSTER)!);
    const [uiShard, storageShard] = allShards(2).map(
      shard => `${MANAGED},${shardBucketSelector(shard)}`,
    );
    // No copy of every managed Deployment was ever made...
    expect(client.isWatchedFresh('apps/v1', 'Deployment', MANAGED)).toBe(false);
    // ...each shard's holds its own service's.
    const names = async (selector: string) =>
      [...(await client.listWatched('apps/v1', 'Deployment', selector))]
        .map(([, object]) => object.metadata.name)
        .sort();
    expect(client.isWatchedFresh('apps/v1', 'Deployment', uiShard)).toBe(true);
    expect(await names(uiShard)).toEqual(['ui']);
    expect(await names(storageShard)).toEqual(['storage']);
  });

  it('brings objects written before they carried their bucket up to date once, as a change, not as drift', async () => {
    const h = await startHarness();
    const shards = await twoShards(h);
    for (const shard of shards) await shard.syncAll();
    const before = await readLive(h, CLUSTER, UI_DEPLOYMENT);
    // As an earlier version of miniplanes wrote it: every ownership label
    // but the bucket. Its shard's watch no longer sees it.
    await mergePatchLive(h, CLUSTER, 'miniplanes', {
      ...UI_DEPLOYMENT,
      metadata: {
        name: UI_DEPLOYMENT.name,
        namespace: UI_DEPLOYMENT.namespace,
        labels: { [BUCKET]: null },
      },
    });
    const since = writesFromNow(h.sim);

    for (const shard of shards) await shard.syncAll();

    const live = await readLive(h, CLUSTER, UI_DEPLOYMENT);
    expect(live.metadata.labels[BUCKET]).toBe(String(shardBucketOf(UI)));
    // A label of the object's own, not of its pods: they are not rolled,
    // and its spec is as it was.
    expect(live.spec.template).toEqual(before.spec.template);
    expect(live.metadata.generation).toBe(before.metadata.generation);
    // Nothing else written (its first apply since it was created hands the
    // create's fields over: the same object, written again), nothing deleted.
    const written = since().filter(w => w.fieldManager === 'miniplanes');
    expect([
      ...new Set(
        written.map(w => `${w.verb} ${w.cluster} ${w.kind} ${w.name}`),
      ),
    ]).toEqual([`patch ${CLUSTER} Deployment ui`]);
    const ui = await serviceStatusOf(h, UI);
    const usEast = ui.clusters.find(c => c.cluster === CLUSTER)!;
    expect(usEast.state).not.toBe('Drifted');
    expect(usEast.objects.find(o => o.kind === 'Deployment')?.reason).toBe(
      'changed',
    );

    // Up to date: the next passes write nothing.
    const settled = writesFromNow(h.sim);
    for (const shard of shards) await shard.syncAll();
    expect(settled().filter(w => w.fieldManager === 'miniplanes')).toEqual([]);
  });
});
