import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { recorded } from '../__testUtils__/recordedMetrics';
import {
  ClusterWrite,
  writesFromNow,
} from '../__testUtils__/sync/clusterWrites';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { sleep } from '../__testUtils__/sync/syncPasses';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';

jest.setTimeout(60_000);

type Metrics = ReturnType<typeof metricsServiceMock.mock>;

/** The objects counted as written, by cluster. */
function countedByCluster(metrics: Metrics): Map<string, number> {
  const counted = new Map<string, number>();
  for (const [n, { cluster }] of recorded(
    metrics,
    'miniplanes.sync.object.writes',
  ))
    counted.set(cluster, (counted.get(cluster) ?? 0) + n);
  return counted;
}

/**
 * The objects each cluster received from miniplanes, as its write log holds
 * them. Namespaces are ensured for the objects in them, not counted.
 */
function receivedByCluster(writes: ClusterWrite[]): Map<string, number> {
  const received = new Map<string, number>();
  for (const w of writes)
    if (w.fieldManager === 'miniplanes' && w.kind !== 'Namespace')
      received.set(w.cluster, (received.get(w.cluster) ?? 0) + 1);
  return received;
}

async function placeStorageAndUi(h: SyncHarness) {
  await h.placement.putSpec({ spec: exampleService('storage'), source: 'api' });
  await h.placement.putSpec({ spec: exampleService('ui'), source: 'api' });
}

describe("SyncService's metrics", () => {
  const startHarness = syncHarnessPerTest();

  it('counts the writes a cluster received before its sync failed', async () => {
    const metrics = metricsServiceMock.mock();
    const h = await startHarness({ metrics });
    // us-east takes the config and data first; a Deployment's create then
    // fails, and with it the cluster's whole sync this pass.
    h.sim.cluster('us-east').injectError({
      status: 503,
      verb: 'create',
      resource: 'deployments',
      count: 1,
    });
    const since = writesFromNow(h.sim);
    await placeStorageAndUi(h);

    const pass = await h.sync.syncAll();

    expect(pass.errors).toBeGreaterThan(0);
    const received = receivedByCluster(since());
    expect(received.get('us-east')).toBeGreaterThan(0);
    expect(countedByCluster(metrics)).toEqual(received);
  });

  it('counts the writes a stopped pass made before it stopped', async () => {
    const metrics = metricsServiceMock.mock();
    const h = await startHarness({ metrics });
    for (const { name } of h.sim.clusters)
      h.sim.cluster(name).injectLatency({ fixedMs: 40, verb: 'create' });
    const since = writesFromNow(h.sim);
    await placeStorageAndUi(h);
    const stop = new AbortController();

    const pass = h.sync.syncAll(stop.signal);
    while (receivedByCluster(since()).size === 0) await sleep(5);
    stop.abort();
    await pass.catch(() => undefined);

    const received = receivedByCluster(since());
    expect(received.size).toBeGreaterThan(0);
    expect(countedByCluster(metrics)).toEqual(received);
  });
});
