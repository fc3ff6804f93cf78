import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { exampleService } from '../__testUtils__/syncHarness';
import { approvedRequest } from '../__testUtils__/sync/approvedRequest';
import { writesFromNow } from '../__testUtils__/sync/clusterWrites';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { readLive } from '../__testUtils__/sync/liveObjects';
import { sleep } from '../__testUtils__/sync/syncPasses';
import { HandedOver, PassHandover } from './PassHandover';
import { SyncEngine } from './SyncEngine';

jest.setTimeout(60_000);

const UI = 'component:default/ui';
const STORAGE = 'component:default/storage';

/** ui with a new image: a new version every cluster that runs ui must take. */
function uiVersion2(): FederatedService {
  const ui = exampleService('ui');
  for (const resource of ui.spec.resources) {
    const manifest = resource.manifest as any;
    if (manifest.kind !== 'Deployment') continue;
    for (const container of manifest.spec.template.spec.containers)
      container.image = `${container.image}-v2`;
  }
  return ui;
}

describe('PassHandover', () => {
  it('hands a service over once the work under way on it ends, and rejects the work still queued', async () => {
    const handover = new PassHandover();
    const queued = handover.onTaken(UI);
    let ended = false;
    const work = handover.working([UI, STORAGE], async () => {
      await sleep(100);
      ended = true;
    });
    const started = Date.now();
    await handover.handOver([UI]);
    expect(ended).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await expect(queued).rejects.toBeInstanceOf(HandedOver);
    expect(handover.isTaken(UI)).toBe(true);
    expect(handover.isTaken(STORAGE)).toBe(false);
    await work;
    // Handing over what nothing works on is immediate.
    await handover.handOver([STORAGE]);
    await expect(handover.onTaken(STORAGE)).rejects.toBeInstanceOf(HandedOver);
  });

  it('makes the older pass give way while a newer one runs beside it', async () => {
    const handover = new PassHandover();
    const order: string[] = [];
    await handover.giveWay();
    order.push('no newer pass: at once');
    const newer = handover.besideThis(async () => {
      await sleep(50);
      order.push('newer pass ends');
    });
    await handover.giveWay();
    order.push('older pass goes on');
    await newer;
    expect(order).toEqual([
      'no newer pass: at once',
      'newer pass ends',
      'older pass goes on',
    ]);
  });

  describe('between a periodic pass and an approval’s pass', () => {
    const startHarness = syncHarnessPerTest();
    /** A harness whose store holds the storage and ui services. */
    const harnessWithStorageAndUi = async () => {
      const h = await startHarness();
      for (const name of ['storage', 'ui'])
        await h.placement.putSpec({
          spec: exampleService(name),
          source: 'api',
        });
      return h;
    };

    it('lets an approval’s pass beside it run while the periodic pass checks services that need nothing, which settle in microtasks alone', async () => {
      const h = await harnessWithStorageAndUi();
      await h.sync.syncAll();
      const order: string[] = [];
      const handover = new PassHandover();
      const engineSyncAll = SyncEngine.prototype.syncAll;
      jest
        .spyOn(SyncEngine.prototype, 'syncAll')
        .mockImplementationOnce(function periodic(this: SyncEngine, ...args) {
          const checked = engineSyncAll.apply(this, args).then(reports => {
            order.push('periodic pass checked every service');
            return reports;
          });
          // A newer pass that needs the event loop (I/O) to get on.
          handover.besideThis(async () => {
            for (let turn = 0; turn < 3; turn++)
              await new Promise(resolve => setImmediate(resolve));
            order.push('newer pass done');
          });
          return checked;
        });

      await h.sync.syncAll(undefined, handover);
      expect(order).toEqual([
        'newer pass done',
        'periodic pass checked every service',
      ]);
    });

    it('hands a service over while the periodic pass records the others, without waiting for their records; nothing of it is recorded by that pass', async () => {
      const h = await harnessWithStorageAndUi();
      // Services reported close together are recorded together: storage's
      // Service (ui has none), created late, keeps the two apart.
      for (const cluster of h.sim.clusters)
        cluster.injectLatency({
          fixedMs: 500,
          verb: 'create',
          resource: 'services',
        });
      // The periodic pass's records stop at the first service's (a service
      // is recorded once every cluster reported it) until let go.
      let first: string | undefined;
      let reached!: () => void;
      const recording = new Promise<void>(resolve => (reached = resolve));
      let letGo!: () => void;
      const gate = new Promise<void>(resolve => (letGo = resolve));
      const setGoodVersions = h.store.setGoodVersions.bind(h.store);
      jest
        .spyOn(h.store, 'setGoodVersions')
        .mockImplementation(async versions => {
          if (!first) {
            first = versions[0].entityRef;
            reached();
            await gate;
          }
          return setGoodVersions(versions);
        });
      const handover = new PassHandover();
      const periodic = h.sync.syncAll(undefined, handover);
      await recording;
      const other = first === STORAGE ? UI : STORAGE;

      const handedOver = await Promise.race([
        handover.handOver([other]).then(() => 'handed over'),
        sleep(2_000).then(() => 'still waiting'),
      ]);
      letGo();
      await periodic;
      expect(handedOver).toBe('handed over');
      expect((await h.statusStore.list([first!])).length).toBeGreaterThan(0);
      expect(await h.statusStore.list([other])).toEqual([]);
      expect(
        (await h.store.getService(other))!.goodSpecVersion,
      ).toBeUndefined();
    });

    it('the periodic pass writes nothing more of a service once it is handed over; the newer pass carries the approved version everywhere', async () => {
      const h = await startHarness();
      // Slow writes to one cluster keep the periodic pass busy.
      h.sim.cluster('us-pet').injectLatency({ fixedMs: 150, verb: 'patch' });
      await h.placement.putSpec({
        spec: exampleService('storage'),
        source: 'api',
      });
      await h.placement.putSpec({ spec: exampleService('ui'), source: 'api' });
      const sinceStart = writesFromNow(h.sim);
      const handover = new PassHandover();
      let periodicEnded = false;
      const periodic = h.sync
        .syncAll(undefined, handover)
        .finally(() => (periodicEnded = true));
      while (sinceStart().length === 0) await sleep(5);

      const request = await approvedRequest(h.requests, uiVersion2());
      await handover.handOver([UI]);
      expect(periodicEnded).toBe(false);
      const afterHandover = writesFromNow(h.sim);
      await periodic;
      // The periodic pass went on with storage, and left ui alone.
      expect(afterHandover().filter(w => w.name.startsWith('ui'))).toEqual([]);
      expect(afterHandover().length).toBeGreaterThan(0);
      expect((await h.requests.get(request.id)).status).toBe('approved');

      await h.sync.syncServices([(await h.store.getService(UI))!]);
      await h.sync.syncAll();
      expect((await h.requests.get(request.id)).status).toBe('applied');
      for (const cluster of ['ap-gpu', 'eu-west', 'us-east', 'us-pet']) {
        const ui = await readLive(h, cluster, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'miniplanes',
          name: 'ui',
        });
        expect(ui.spec.template.spec.containers[0].image).toMatch(/-v2$/);
      }
    });
    it('writes a service’s events and its records in one hold, so a pass it is handed to after its events does not repeat them', async () => {
      const h = await harnessWithStorageAndUi();
      await h.sync.syncAll();
      await sleep(300);
      await h.sync.syncAll();
      // Databases on SSD only: us-east keeps its data (retained), once.
      const storage = exampleService('storage');
      await approvedRequest(h.requests, {
        ...storage,
        spec: {
          ...storage.spec,
          placement: {
            ...storage.spec.placement,
            requires: ['storage', 'ssd'],
          },
        },
      });
      const handover = new PassHandover();
      let handing: Promise<void> | undefined;
      const addEvent = h.store.addEvent.bind(h.store);
      jest.spyOn(h.store, 'addEvent').mockImplementation(async event => {
        await addEvent(event);
        // Handed over as soon as the periodic pass let go of it.
        if (event.type === 'sync.retained')
          handing ??= handover.handOver([STORAGE]);
      });
      await h.sync.syncAll(undefined, handover);
      await handing;
      // The pass it was handed to.
      await h.sync.syncServices([(await h.store.getService(STORAGE))!]);

      const retained = (
        await h.store.listEvents({ entityRef: STORAGE })
      ).filter(e => e.type === 'sync.retained');
      expect(retained).toHaveLength(1);
    });
  });
});
