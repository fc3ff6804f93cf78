import { TestDatabases } from '@backstage/backend-test-utils';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import {
  exampleService,
  startSyncHarness,
  startSyncReplica,
  SyncHarness,
  SyncReplica,
} from '../__testUtils__/syncHarness';
import { writesFromNow } from '../__testUtils__/sync/clusterWrites';
import { inventoryEntry } from '../__testUtils__/sync/inventoryEntry';
import { readLive } from '../__testUtils__/sync/liveObjects';
import { serviceStatusOf } from '../__testUtils__/sync/serviceStatusOf';

jest.setTimeout(60_000);

const STORAGE = 'component:default/storage';
const STORAGE_CONFIG = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'miniplanes',
  name: 'storage-config',
};

/** storage as another portal has it: the same service, its config another. */
function storageElsewhere(): FederatedService {
  const storage = exampleService('storage');
  return {
    ...storage,
    spec: {
      ...storage.spec,
      resources: storage.spec.resources.map(r =>
        (r.manifest as { kind: string }).kind === 'ConfigMap'
          ? {
              ...r,
              manifest: {
                ...r.manifest,
                data: { MONGO_URL: 'mongodb://elsewhere:27017/airlines' },
              },
            }
          : r,
      ),
    },
  };
}

/**
 * Two miniplanes installations (a staging and a production portal, each with
 * its own database) that sync the same service into the same cluster: the
 * objects' labels name the service alike, so only the installation tells
 * whose an object is.
 */
describe('two miniplanes installations sharing a cluster', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let first: SyncHarness | undefined;
  let second: SyncReplica | undefined;
  afterEach(async () => {
    second?.clients.stop();
    await first?.stop();
    first = second = undefined;
  });

  it("never writes the other installation's object, even from a claim whose create never answered", async () => {
    const a = (first = await startSyncHarness({
      databases,
      portal: 'https://staging-portal.example.com',
    }));
    await a.placement.putSpec({
      spec: exampleService('storage'),
      source: 'api',
    });
    await a.sync.syncAll();
    const theirs = await readLive(a, 'us-east', STORAGE_CONFIG);
    expect(theirs).toBeDefined();

    const b = (second = await startSyncReplica({
      sim: a.sim,
      knex: await databases.init('SQLITE_3'),
    }));
    await b.placement.putSpec({ spec: storageElsewhere(), source: 'api' });
    // The second installation claimed the object and crashed before its
    // create answered: its inventory holds the claim, with no uid.
    await b.inventory.claim(
      inventoryEntry(
        { cluster: 'us-east', entityRef: STORAGE },
        STORAGE_CONFIG,
        {
          role: 'config',
          state: 'applied',
          specVersion: 1,
        },
      ),
    );
    const since = writesFromNow(a.sim);
    await b.sync.syncAll();

    expect(
      since().filter(
        w => w.cluster === 'us-east' && w.uid === theirs.metadata.uid,
      ),
    ).toEqual([]);
    expect((await readLive(a, 'us-east', STORAGE_CONFIG)).data.MONGO_URL).toBe(
      theirs.data.MONGO_URL,
    );
    const recorded = (
      await b.inventory.list({ entityRefs: [STORAGE], cluster: 'us-east' })
    ).find(e => e.name === STORAGE_CONFIG.name);
    expect(recorded?.uid).not.toBe(theirs.metadata.uid);
    const usEast = (await serviceStatusOf(b, STORAGE)).clusters.find(
      c => c.cluster === 'us-east',
    );
    expect(
      usEast?.objects.find(o => o.name === STORAGE_CONFIG.name),
    ).toMatchObject({
      state: 'Conflict',
      message: expect.stringContaining(
        'another miniplanes installation (the one of the portal at https://staging-portal.example.com, installation ',
      ),
    });
  });
});
