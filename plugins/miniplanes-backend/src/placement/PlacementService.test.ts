import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  ClusterProfile,
  FederatedService,
  Fleet,
  parseFederatedService,
  ResourceInterpreter,
  withBuiltinInterpreters,
} from '@miniplanes/plugin-miniplanes-common';
import { FleetService } from '../fleet/FleetService';
import { DatabaseMiniplanesStore } from '../store/DatabaseMiniplanesStore';
import { PlacementService } from './PlacementService';
import { rayInterpreter, rayTrainer } from '../__testUtils__/rayCluster';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ENTITY = 'component:default/trainer';

const cluster = (name: string, gpu: number): ClusterProfile => ({
  name,
  labels: { jurisdiction: 'US', region: name },
  capabilities: [],
  taints: [],
  capacity: { cpu: 64, memory: 2 ** 38, gpu },
  health: { healthy: true },
});

/** The trainer, parsed as filing parses it. */
function trainer(): FederatedService {
  const parsed = parseFederatedService(rayTrainer);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** A placement service over a fleet the test changes, with the interpreters given. */
async function setup(interpreters?: ResourceInterpreter[]) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseMiniplanesStore.create({
    database: mockServices.database({ knex }),
  });
  const fleet: { current: Fleet } = {
    current: {
      jurisdictions: {},
      governance: [],
      clusters: [cluster('big', 4), cluster('small', 4)],
    },
  };
  const fleetService = {
    getFleet: () => fleet.current,
  } as unknown as FleetService;
  const placement = new PlacementService(
    store,
    fleetService,
    undefined,
    undefined,
    undefined,
    interpreters,
  );
  return { store, fleet, placement };
}

const reasonsOf = (
  decision: { clusters: { name: string; reasons: unknown[] }[] },
  name: string,
) => decision.clusters.find(c => c.name === name)!.reasons;

describe('PlacementService with resource interpreters', () => {
  it('sizes a custom kind by the interpreters it is given, on a new spec and after a fleet change', async () => {
    const { store, fleet, placement } = await setup(
      withBuiltinInterpreters([rayInterpreter]),
    );
    const stored = await placement.putSpec({ spec: trainer(), source: 'api' });
    expect(stored.decision!.summary).toEqual([
      { role: 'compute', clusters: ['big', 'small'], replicas: 2 },
    ]);

    // Three of small's four GPUs get used: a worker no longer fits there.
    fleet.current = {
      ...fleet.current,
      clusters: [
        cluster('big', 4),
        { ...cluster('small', 4), allocated: { cpu: 0, memory: 0, gpu: 3 } },
      ],
    };
    await placement.reevaluateAll();
    const after = (await store.getService(ENTITY, { fullDecision: true }))!
      .decision!;
    expect(after.summary).toEqual([
      { role: 'compute', clusters: ['big'], replicas: 1 },
    ]);
    expect(reasonsOf(after, 'small')).toEqual([
      {
        code: 'Capacity',
        message: 'insufficient capacity: needs 2 GPU per replica, 1 free',
      },
    ]);
    expect(reasonsOf(placement.evaluate(trainer()), 'small')).toEqual(
      reasonsOf(after, 'small'),
    );
  });

  it('without interpreters, sees no requirement for a custom kind, as before', async () => {
    const { fleet, placement } = await setup();
    fleet.current = {
      ...fleet.current,
      clusters: [cluster('big', 4), cluster('small', 1)],
    };
    expect(placement.evaluate(trainer()).summary).toEqual([
      { role: 'compute', clusters: ['big', 'small'], replicas: 2 },
    ]);
  });

  it('places nothing, and says why, when an interpreter fails', async () => {
    const broken: ResourceInterpreter = {
      ...rayInterpreter,
      replicaRequirements: () => {
        throw new Error('workerGroupSpecs[0] has no template');
      },
    };
    const { store, placement } = await setup(withBuiltinInterpreters([broken]));
    await placement.putSpec({ spec: trainer(), source: 'api' });
    await placement.reevaluateAll();
    const decision = (await store.getService(ENTITY))!.decision!;
    expect(decision.satisfiable).toBe(false);
    expect(decision.clusters.filter(c => c.selected)).toEqual([]);
    expect(decision.unsatisfied).toEqual([
      {
        code: 'Capacity',
        role: 'compute',
        message:
          'no cluster can take compute: of 2 clusters, rejected by 2 Capacity (the resource interpreter ray.io/RayCluster cannot tell what one replica of RayCluster trainer requests: workerGroupSpecs[0] has no template)',
      },
    ]);
  });
});

describe('PlacementService keeping decisions', () => {
  it('stores the clusters a decision places beside the whole decision, and writes a change of explanation alone', async () => {
    const { store, fleet, placement } = await setup(
      withBuiltinInterpreters([rayInterpreter]),
    );
    const small = (free: number) => ({
      ...cluster('small', 4),
      allocated: { cpu: 0, memory: 0, gpu: 4 - free },
    });
    fleet.current = {
      ...fleet.current,
      clusters: [cluster('big', 4), small(1)],
    };
    await placement.putSpec({ spec: trainer(), source: 'api' });
    expect(
      (await store.getService(ENTITY))!.decision!.clusters.map(c => c.name),
    ).toEqual(['big']);

    // Only why small is refused changes: nothing moves, the record does.
    fleet.current = {
      ...fleet.current,
      clusters: [cluster('big', 4), small(0)],
    };
    expect((await placement.reevaluateAll()).changed).toBe(1);
    const whole = (await store.getService(ENTITY, { fullDecision: true }))!
      .decision!;
    expect(reasonsOf(whole, 'small')).toEqual([
      {
        code: 'Capacity',
        message: 'insufficient capacity: needs 2 GPU per replica, 0 free',
      },
    ]);
    expect(whole).toEqual(placement.evaluate(trainer(), whole));
    expect((await placement.reevaluateAll()).changed).toBe(0);
  });
});
