import { changeFleet } from './fleetActions';
import { RequestActions } from './requestActions';
import {
  approvedAndSynced,
  storeOnTwoClusters,
  storeService as store,
} from './checkerFixtures';
import { ScenarioModel } from './ScenarioModel';
import { ScenarioWorld } from './ScenarioWorld';
import { Violation, WriteLogChecker } from './WriteLogChecker';
import { entityRefOf } from './serviceDocument';

jest.setTimeout(60_000);

const scenario = storeOnTwoClusters('US');

/**
 * The scenario's record of what a release authorises must be what the
 * approver was shown, not what is left after the sync acted on it.
 */
describe('RequestActions', () => {
  let world: ScenarioWorld;
  let model: ScenarioModel;
  let checker: WriteLogChecker;
  let actions: RequestActions;
  let check: () => Promise<Violation[]>;
  const ref = entityRefOf(store);

  beforeEach(async () => {
    ({ world, model, checker, actions, check } = await approvedAndSynced(
      scenario,
    ));
  });
  afterEach(() => world.stop());

  /** Moves s0's data off the cluster that holds it; returns that cluster, where a copy is retained. */
  async function retainDataOffItsCluster(): Promise<string> {
    const backend = world.backends[0];
    const [from] = model.current(ref)!.dataClusters;
    await changeFleet(
      world,
      { type: 'relabel', cluster: 0, jurisdiction: 'FR' },
      from,
    );
    model.relabelled(world.labels);
    await backend.fleetChanged();
    const [proposal] = await backend.requests.list({ status: 'pending' });
    await actions.decide(backend, proposal, 'approve', 1);
    await backend.sync.syncAll();
    expect(model.dataLeft(ref)).toEqual([from]);
    expect(await check()).toEqual([]);
    return from;
  }

  it('authorises the retained data a release names when the sync deletes it before the approval returns (seed 20261301, scenario 591)', async () => {
    const retainedIn = await retainDataOffItsCluster();
    const backend = world.backends[0];
    // With two replicas the other one's pass runs while this one approves:
    // it can read the new version and delete the released copy before the
    // approval returns to the scenario.
    const approve = backend.requests.approve.bind(backend.requests);
    jest
      .spyOn(backend.requests, 'approve')
      .mockImplementation(async (...args) => {
        const approved = await approve(...args);
        await backend.sync.syncAll();
        return approved;
      });

    await actions.file(
      backend,
      store,
      [{ kind: 'release', pick: 0 }],
      'approve',
      2,
    );

    expect(model.current(ref)?.newlyReleased).toEqual([retainedIn]);
    expect(checker.pendingMiniplanesWrites()).toBeGreaterThan(0);
    expect(await check()).toEqual([]);
    expect(checker.judged['data delete a release allowed']).toBe(1);
  });
});
