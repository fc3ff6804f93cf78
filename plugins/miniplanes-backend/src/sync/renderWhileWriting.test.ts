import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { sleep } from '../__testUtils__/sync/syncPasses';
import { ServicePass } from './servicePass';

jest.setTimeout(60_000);

const UI = 'component:default/ui';
const STORAGE = 'component:default/storage';

/** The writes the clusters received from clients so far. */
const writesSoFar = (h: SyncHarness) =>
  h.sim.clusters.reduce((n, c) => n + c.writes().length, 0);

/**
 * Holds the pass's making of `entityRef`'s target (the last step of its
 * rendering, once placed) with `hold`: what the pass did meanwhile is what
 * it did before that service was rendered.
 */
function whileRendering(
  h: SyncHarness,
  entityRef: string,
  hold: () => Promise<void>,
) {
  const sync = h.sync as unknown as {
    staged(pass: ServicePass, ...rest: unknown[]): Promise<ServicePass>;
  };
  const staged = sync.staged.bind(sync);
  return jest
    .spyOn(sync, 'staged')
    .mockImplementation(async (pass, ...rest) => {
      if (pass.service.entityRef === entityRef) await hold();
      return staged(pass, ...rest);
    });
}

/**
 * The writes the clusters received once they received any, within 3 s:
 * bounded, as a pass that renders everything first never writes meanwhile.
 */
async function writesOnceAny(h: SyncHarness) {
  for (let waited = 0; waited < 3_000; waited += 10) {
    const writes = writesSoFar(h);
    if (writes > 0) return writes;
    await sleep(10);
  }
  return 0;
}

/** Every cluster's record of each service says it was synced. */
async function expectSynced(h: SyncHarness, entityRefs: string[]) {
  for (const ref of entityRefs) {
    const records = await h.statusStore.list([ref]);
    expect(records.length).toBeGreaterThan(0);
    for (const { state } of records)
      expect(['InSync', 'Progressing']).toContain(state);
  }
}

describe('a pass renders its services while it writes', () => {
  const startHarness = syncHarnessPerTest();
  /** Services are rendered in entityRef order: storage, then ui. */
  const startWithStorageAndUi = async () => {
    const h = await startHarness();
    for (const name of ['ui', 'storage'])
      await h.placement.putSpec({ spec: exampleService(name), source: 'api' });
    return h;
  };

  it('writes the first services to the clusters before the last is rendered', async () => {
    const h = await startWithStorageAndUi();
    let writesBeforeUi = 0;
    whileRendering(h, UI, async () => {
      writesBeforeUi = await writesOnceAny(h);
    });

    await h.sync.syncAll();

    expect(writesBeforeUi).toBeGreaterThan(0);
    // Both services were synced in full, and the next pass writes nothing.
    await expectSynced(h, [STORAGE, UI]);
    const before = writesSoFar(h);
    await h.sync.syncAll();
    expect(writesSoFar(h)).toBe(before);
  });

  it('that fails to render a service fails the pass after the writes under way, and takes no cluster for failed', async () => {
    const h = await startWithStorageAndUi();
    let writesBeforeFailure = 0;
    const spy = whileRendering(h, UI, async () => {
      // storage's writes are under way (or done) when ui's rendering fails.
      writesBeforeFailure = await writesOnceAny(h);
      throw new Error('the store is gone');
    });

    await expect(h.sync.syncAll()).rejects.toThrow('the store is gone');

    expect(writesBeforeFailure).toBeGreaterThan(0);
    // What was done is recorded as done, not as a cluster's failure.
    for (const { state } of await h.statusStore.list([STORAGE]))
      expect(['InSync', 'Progressing']).toContain(state);
    // Nothing written after the pass ended, and no record of ui.
    const atEnd = writesSoFar(h);
    await sleep(200);
    expect(writesSoFar(h)).toBe(atEnd);
    expect(await h.statusStore.list([UI])).toEqual([]);
    // The clusters are not backing off: the next pass syncs both at once.
    spy.mockRestore();
    await h.sync.syncAll();
    await expectSynced(h, [STORAGE, UI]);
  });
});
