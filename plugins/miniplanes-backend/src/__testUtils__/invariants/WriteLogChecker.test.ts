import {
  approvedAndSynced,
  storeOnTwoClusters,
  storeService as store,
} from './checkerFixtures';
import { ScenarioModel } from './ScenarioModel';
import { ScenarioWorld } from './ScenarioWorld';
import { WriteLogChecker } from './WriteLogChecker';
import { PlacementTimeline } from './placementTimeline';
import { entityRefOf } from './serviceDocument';

jest.setTimeout(60_000);

const scenario = storeOnTwoClusters('FR');

/** Someone who writes as miniplanes would if it broke an invariant. */
const ROGUE = 'rogue-sync';
const statefulSets = '/apis/apps/v1/namespaces/apps/statefulsets';

/**
 * The checker must catch what it is there to catch: writes made as a
 * broken sync would make them, judged against what was approved.
 */
describe('WriteLogChecker', () => {
  let world: ScenarioWorld;
  let model: ScenarioModel;
  let checker: WriteLogChecker;
  const check = () => checker.check(1, [model.snapshot(world.labels)]);

  beforeEach(async () => {
    ({ world, model, checker } = await approvedAndSynced(scenario));
  });
  afterEach(() => world.stop());

  /** The data StatefulSet as the sync wrote it in c0, to copy elsewhere. */
  async function copyOfData() {
    const live = await world.request('c0', 'GET', `${statefulSets}/s0-db`);
    const { name, namespace, labels, annotations } = live.body.metadata;
    await world.request(
      'c1',
      'POST',
      '/api/v1/namespaces',
      { metadata: { name: 'apps' } },
      ROGUE,
    );
    return {
      ...live.body,
      metadata: { name, namespace, labels, annotations },
      status: undefined,
    };
  }

  /** Deletes the data StatefulSet in the cluster as a broken sync would. */
  const deleteData = (cluster: string) =>
    world.request(cluster, 'DELETE', `${statefulSets}/s0-db`, undefined, ROGUE);

  /** What the checker reports of data deleted in the cluster without a release. */
  const deletedWithoutRelease = (cluster: string) =>
    expect.objectContaining({
      invariant: 1,
      message: expect.stringMatching(
        new RegExp(
          `^miniplanes deleted data StatefulSet apps/s0-db .* in ${cluster} of component:default/s0 without an approved version releasing it there$`,
        ),
      ),
    });

  /** What the checker reports of data written in c1, outside the data's jurisdictions. */
  const writtenOutsideJurisdiction = expect.objectContaining({
    invariant: 2,
    message:
      'miniplanes wrote data StatefulSet apps/s0-db in c1 of component:default/s0, whose jurisdiction FR its approved versions do not allow',
  });

  it('passes what the sync did, and a steady state writes nothing', async () => {
    await world.backends[0].sync.syncAll();
    expect(checker.pendingMiniplanesWrites()).toBe(0);
    expect(await check()).toEqual([]);
    expect(checker.miniplanesWrites).toBeGreaterThan(0);
  });

  it('catches data deleted without a release (1)', async () => {
    await deleteData('c0');
    expect(await check()).toEqual([deletedWithoutRelease('c0')]);
  });

  /** A release of the data in c0, approved now, as the scenario records one. */
  async function releasedInC0() {
    const live = await world.request('c0', 'GET', `${statefulSets}/s0-db`);
    model.authorise(
      entityRefOf(store),
      'c0',
      [live.body.metadata.uid],
      world.cluster('c0').lastWriteSeq,
    );
  }

  it('lets a release delete the data it released (1)', async () => {
    await releasedInC0();
    await deleteData('c0');
    expect(await check()).toEqual([]);
    expect(checker.judged['data delete a release allowed']).toBe(1);
  });

  it('catches a release deleting data written again since it was approved: a release acts once (1)', async () => {
    await releasedInC0();
    // Placed there again, the data is written to again: the service's data.
    await world.request(
      'c0',
      'PATCH',
      `${statefulSets}/s0-db`,
      { metadata: { annotations: { 'example.com/placed': 'again' } } },
      ROGUE,
    );
    await deleteData('c0');
    expect(await check()).toEqual([
      expect.objectContaining({
        invariant: 1,
        message: expect.stringMatching(
          /^miniplanes deleted data StatefulSet apps\/s0-db .* in c0 of component:default\/s0 without an approved version releasing it there \(releases there: step 1: uid \S+ written again \(write \d+\), so no release before covers it\)$/,
        ),
      }),
    ]);
  });

  it('catches data written outside its jurisdictions (2)', async () => {
    await world.request('c1', 'POST', statefulSets, await copyOfData(), ROGUE);
    expect(await check()).toEqual([writtenOutsideJurisdiction]);
  });

  it('catches an object that held data written outside its jurisdictions, whatever role it says it has now (2)', async () => {
    // c0 leaves the data's jurisdictions; a broken sync rewrites the data
    // there as compute, as a version calling it compute would render it.
    world.labels.set('c0', { jurisdiction: 'FR', region: 'r1', group: 'blue' });
    await world.request(
      'c0',
      'PATCH',
      `${statefulSets}/s0-db`,
      { metadata: { labels: { 'miniplanes.io/role': 'compute' } } },
      ROGUE,
    );
    expect(await check()).toEqual([
      expect.objectContaining({
        invariant: 2,
        message:
          'miniplanes wrote as compute an object that held data, StatefulSet apps/s0-db in c0 of component:default/s0, whose jurisdiction FR its approved versions do not allow',
      }),
    ]);
  });

  it('judges an object gone before the check by what was written: data written and deleted (1, 2)', async () => {
    await world.request('c1', 'POST', statefulSets, await copyOfData(), ROGUE);
    await deleteData('c1');
    expect(await check()).toEqual(
      expect.arrayContaining([
        deletedWithoutRelease('c1'),
        writtenOutsideJurisdiction,
      ]),
    );
  });

  it('judges an object gone before the check by what was written: an access entry is no data', async () => {
    // The sync routes compute to data elsewhere through an object of the
    // data's name; written and removed between two checks (seed 20261401).
    const copy = await copyOfData();
    const access = {
      ...copy,
      metadata: {
        ...copy.metadata,
        labels: { ...copy.metadata.labels, 'miniplanes.io/role': 'access' },
      },
    };
    await world.request('c1', 'POST', statefulSets, access, ROGUE);
    await deleteData('c1');
    expect(await check()).toEqual([]);
  });

  it('catches data written where no approved version placed it (3)', async () => {
    world.labels.set('c1', { jurisdiction: 'US', region: 'r2', group: 'blue' });
    await world.request('c1', 'POST', statefulSets, await copyOfData(), ROGUE);
    expect(await check()).toEqual([
      expect.objectContaining({
        invariant: 3,
        message:
          'miniplanes wrote data StatefulSet apps/s0-db in c1 of component:default/s0, where no approved version the sync may hold placed its data',
      }),
    ]);
  });

  it('catches an object someone else created being written (4)', async () => {
    await world.request('c1', 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'theirs' },
      data: { a: '1' },
    });
    await world.request(
      'c1',
      'PATCH',
      '/api/v1/namespaces/default/configmaps/theirs',
      { data: { a: '2' } },
      ROGUE,
    );
    expect(await check()).toEqual([
      expect.objectContaining({
        invariant: 4,
        message: expect.stringMatching(
          /^miniplanes wrote ConfigMap default\/theirs .* in c1, which someone else created and no approved version adopts$/,
        ),
      }),
    ]);
  });

  it("notes miniplanes' own view of a service over the steps, for reports", async () => {
    const timeline = new PlacementTimeline();
    const ref = entityRefOf(store);
    await timeline.record(0, world.backends[0], [ref]);
    await timeline.record(1, world.backends[0], [ref]);
    expect(timeline.of(ref)).toMatch(
      /^ \(miniplanes' own view of it: step 0: v\d+ data on \[c0\], retained \[\]\)$/,
    );
  });
});
