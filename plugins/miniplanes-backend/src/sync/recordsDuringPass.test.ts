import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { approvedRequest } from '../__testUtils__/sync/approvedRequest';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { sleep, syncPasses } from '../__testUtils__/sync/syncPasses';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { benchService } from '../bench/syncBenchInputs';

jest.setTimeout(60_000);

const UI = 'component:default/ui';
const STORAGE = 'component:default/storage';

/** Storage's Service (ui has none) is created this long after it is asked for. */
const SLOW_MS = 1_500;

/**
 * Starts a pass and gives ui's records as first written, and whether the
 * pass had ended by then (ui, a Deployment alone, is done long before).
 */
async function uiRecordsDuringPass(h: SyncHarness) {
  let ended = false;
  const pass = h.sync.syncAll().finally(() => {
    ended = true;
  });
  let first: ClusterSyncRecord[] = [];
  while (!ended && first.length === 0) {
    await sleep(20);
    first = await h.statusStore.list([UI]);
  }
  const endedFirst = ended;
  await pass;
  return { first, endedFirst };
}

/** The statements other than reads the store was sent while `run` ran. */
async function statementsWrittenBy(
  h: SyncHarness,
  run: () => Promise<unknown>,
) {
  const written: string[] = [];
  const seeQuery = (query: { sql: string }) => {
    if (!/^\s*select/i.test(query.sql)) written.push(query.sql);
  };
  h.knex.on('query', seeQuery);
  try {
    await run();
  } finally {
    h.knex.off('query', seeQuery);
  }
  return written;
}

describe('the records of a pass', () => {
  const startHarness = syncHarnessPerTest();

  it('are written for a service once every cluster reported it, while the pass still syncs the others', async () => {
    const h = await startHarness();
    for (const cluster of h.sim.clusters)
      cluster.injectLatency({
        fixedMs: SLOW_MS,
        verb: 'create',
        resource: 'services',
      });
    await h.placement.putSpec({ spec: exampleService('ui'), source: 'api' });
    await h.placement.putSpec({
      spec: exampleService('storage'),
      source: 'api',
    });

    const { first, endedFirst } = await uiRecordsDuringPass(h);

    expect(endedFirst).toBe(false);
    const placed = (await h.store.getService(UI))!
      .decision!.clusters.filter(c => c.selected)
      .map(c => c.name)
      .sort();
    expect(first.map(r => r.cluster).sort()).toEqual(
      expect.arrayContaining(placed),
    );
    expect(first.every(r => r.state !== 'Error')).toBe(true);
  });

  it('say what a cluster that fails later in the pass makes of every service there, and settle no request on what it said before', async () => {
    const h = await startHarness();
    for (const cluster of h.sim.clusters) {
      cluster.injectLatency({
        fixedMs: SLOW_MS,
        verb: 'create',
        resource: 'services',
      });
      cluster.injectError({
        status: 500,
        verb: 'create',
        resource: 'services',
      });
    }
    await h.placement.putSpec({
      spec: exampleService('storage'),
      source: 'api',
    });
    const request = await approvedRequest(h.requests, exampleService('ui'));

    const { first, endedFirst } = await uiRecordsDuringPass(h);

    // The clusters whose sync failed: those storage's Service was created in.
    const failed = (await h.statusStore.list([STORAGE]))
      .filter(r => r.state === 'Error')
      .map(r => r.cluster);
    expect(failed.length).toBeGreaterThan(0);
    const ui = new Map(
      (await h.statusStore.list([UI])).map(r => [r.cluster, r]),
    );
    // ui was done there before the failure, and said so while the pass ran...
    expect(endedFirst).toBe(false);
    const before = new Map(first.map(r => [r.cluster, r]));
    for (const cluster of failed) {
      expect(before.get(cluster)?.state).not.toBe('Error');
      // ...but what the pass reports of a failed cluster is the failure.
      expect(ui.get(cluster)?.state).toBe('Error');
      expect(ui.get(cluster)?.lastError).toMatch(/injected fault/);
    }
    // Its approved request waits for a pass that reaches every cluster.
    expect((await h.requests.get(request.id)).status).toBe('approved');
  });

  it('of services reported close together are written together: their status records in one statement, each with its records and good version', async () => {
    const h = await startHarness();
    const services = Array.from({ length: 8 }, (_, i) => benchService(i));
    for (const spec of services)
      await h.placement.putSpec({ spec, source: 'api' });

    const written = await statementsWrittenBy(h, () => h.sync.syncAll());

    // A statement a service before (and one more for the pass's end).
    // Rolled out in a moment, they go in one or two; a slow host spreads
    // their reports over a few batches, never over one a service.
    const statusInserts = written.filter(sql =>
      /insert into .miniplanes_cluster_status/.test(sql),
    );
    expect(statusInserts.length).toBeGreaterThan(0);
    expect(statusInserts.length).toBeLessThan(services.length);
    for (const spec of services) {
      const entityRef = spec.metadata.entityRef!;
      const placed = (await h.store.getService(entityRef))!
        .decision!.clusters.filter(c => c.selected)
        .map(c => c.name)
        .sort();
      const records = await h.statusStore.list([entityRef]);
      expect(records.map(r => r.cluster).sort()).toEqual(placed);
      expect((await h.store.getService(entityRef))!.goodSpecVersion).toBe(1);
    }
  });

  it('of a settled fleet are not rewritten: the pass stamps each service once', async () => {
    const h = await startHarness();
    for (const name of ['ui', 'storage'])
      await h.placement.putSpec({ spec: exampleService(name), source: 'api' });
    // Settled: the pods are up, and a pass finds the records as they are.
    await syncPasses(h.sync, 3, 100);
    const before = await h.statusStore.list([UI, STORAGE]);
    expect(before.length).toBeGreaterThan(2);

    const written = await statementsWrittenBy(h, () => h.sync.syncAll());

    // Not a row of the records is written, however many clusters each has...
    expect(
      written.filter(sql => /miniplanes_cluster_status/.test(sql)),
    ).toEqual([]);
    // A row a service, both in one statement.
    expect(
      written.filter(sql => /insert into .miniplanes_status_stamps/.test(sql)),
    ).toHaveLength(1);
    // ...and each still says when the pass synced it.
    const after = await h.statusStore.list([UI, STORAGE]);
    expect(after.map(r => `${r.entityRef} ${r.cluster}`)).toEqual(
      before.map(r => `${r.entityRef} ${r.cluster}`),
    );
    for (const [i, record] of after.entries()) {
      expect(record).toEqual({ ...before[i], lastSyncAt: record.lastSyncAt });
      expect(Date.parse(record.lastSyncAt)).toBeGreaterThan(
        Date.parse(before[i].lastSyncAt),
      );
    }
  });
});
