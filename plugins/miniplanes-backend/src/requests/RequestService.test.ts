import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  ClusterProfile,
  dataClustersOf,
  FederatedService,
  Fleet,
  FLEET_PROPOSER,
  parseFederatedService,
  PlacementRequest,
} from '@miniplanes/plugin-miniplanes-common';
import { FleetService } from '../fleet/FleetService';
import { DatabaseInventoryStore } from '../store/DatabaseInventoryStore';
import { DatabaseClusterStatusStore } from '../store/DatabaseClusterStatusStore';
import { DatabaseMiniplanesStore } from '../store/DatabaseMiniplanesStore';
import { PlacementService } from '../placement/PlacementService';
import { RequestNotifier } from './RequestNotifier';
import { RequestService } from './RequestService';
import { uiRequest } from '../__testUtils__/uiRequest';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** ui's request as approved by pat, for a version without resources. */
const approvedRequest = (
  id: string,
  status: PlacementRequest['status'] = 'approved',
) =>
  uiRequest(id, {
    status,
    decidedBy: 'user:default/pat',
    spec: {
      apiVersion: 'miniplanes.io/v1alpha1',
      kind: 'FederatedService',
      metadata: { name: 'ui', entityRef: 'component:default/ui' },
      spec: {
        placement: { replicas: { total: 3, mode: 'Duplicated' } },
        resources: [],
      },
    },
    baseSpecVersion: undefined,
  });

/**
 * A request service on SQLite, as one replica wires it: on a fresh database
 * and an empty fleet unless given another replica's database and a fleet.
 */
async function setup(
  options: {
    now?: () => Date;
    database?: DatabaseService;
    fleet?: FleetService;
  } = {},
) {
  const { now } = options;
  const database =
    options.database ??
    mockServices.database({ knex: await databases.init('SQLITE_3') });
  const store = await DatabaseMiniplanesStore.create({ database, now });
  const statusStore = await DatabaseClusterStatusStore.create({ database });
  const inventory = await DatabaseInventoryStore.create({ database });
  const logger = mockServices.logger.mock();
  const fleet =
    options.fleet ??
    FleetService.create({
      config: mockServices.rootConfig(),
      logger,
      suppliers: [],
    });
  const send = jest.fn(async (_options: NotificationSendOptions) => {});
  const auditor = mockServices.auditor.mock();
  const placement = new PlacementService(store, fleet);
  const requests = new RequestService({
    store,
    statusStore,
    placement,
    notifier: new RequestNotifier({
      notifications: { send },
      logger,
      approverGroup: 'group:default/platform-team',
    }),
    auditor,
    inventory,
    now,
  });
  return { store, placement, requests, send, auditor };
}

describe('RequestService.escalateOverdue', () => {
  it('measures the deadlines on the clock the approval was recorded by', async () => {
    // The backend's clock, not the machine's: both ends of a deadline use it.
    const clock = { time: Date.parse('2030-01-01T00:00:00Z') };
    const { store, requests } = await setup({
      now: () => new Date(clock.time),
    });
    await store.createRequest(approvedRequest('r-1', 'pending'));
    await store.transitionRequest('r-1', ['pending'], {
      status: 'approved',
      decidedBy: 'user:default/pat',
    });

    clock.time += 60_000;
    await requests.escalateOverdue();
    expect((await requests.get('r-1')).status).toBe('approved');

    clock.time += 25 * 3600_000;
    await requests.escalateOverdue();
    expect(await requests.get('r-1')).toMatchObject({
      status: 'failed',
      failure: expect.stringMatching(/^not applied within 24 h of approval/),
    });
  });
});

describe('RequestService.complete', () => {
  it('records that an approved request reached the clusters, or why not, audits it and tells the requester', async () => {
    const { store, requests, send, auditor } = await setup();
    await store.createRequest(approvedRequest('r-1'));
    await store.createRequest(approvedRequest('r-2'));

    await expect(
      requests.complete('r-1', { status: 'applied' }),
    ).resolves.toMatchObject({ status: 'applied' });
    await expect(
      requests.complete('r-2', {
        status: 'failed',
        failure: 'eu-west refused the Deployment',
      }),
    ).resolves.toMatchObject({
      status: 'failed',
      failure: 'eu-west refused the Deployment',
    });

    expect(
      (await store.listEvents({ entityRef: 'component:default/ui' })).map(e => [
        e.requestId,
        e.type,
        e.message,
      ]),
    ).toEqual([
      ['r-1', 'request.applied', 'request applied to every cluster'],
      [
        'r-2',
        'request.failed',
        'request failed: eu-west refused the Deployment',
      ],
    ]);
    expect(send.mock.calls.map(([n]) => n.payload.title)).toEqual([
      'Placement of component:default/ui applied',
      'Placement of component:default/ui failed',
    ]);
    expect(auditor.createEvent.mock.calls.map(([o]) => o)).toEqual([
      {
        eventId: 'placement-request',
        severityLevel: 'medium',
        meta: { actionType: 'complete', requestId: 'r-1', outcome: 'applied' },
      },
      {
        eventId: 'placement-request',
        severityLevel: 'medium',
        meta: { actionType: 'complete', requestId: 'r-2', outcome: 'failed' },
      },
    ]);
    const applied = await auditor.createEvent.mock.results[0].value;
    expect(applied.success).toHaveBeenCalledWith({
      meta: {
        requestId: 'r-1',
        entityRef: 'component:default/ui',
        status: 'applied',
      },
    });
  });

  it('refuses to complete a request that was never approved, and audits the refusal', async () => {
    const { store, requests, send, auditor } = await setup();
    await store.createRequest(approvedRequest('r-3', 'pending'));
    await expect(
      requests.complete('r-3', { status: 'applied' }),
    ).rejects.toThrow(
      'request r-3 is pending; only an approved request can be applied',
    );
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'ConflictError' }),
    });
    expect(send).not.toHaveBeenCalled();
  });
});

describe('RequestService.proposeDataMoves', () => {
  const ENTITY = 'component:default/ledger';
  const profile = (
    name: string,
    jurisdiction: string,
    capabilities: string[],
  ): ClusterProfile => ({
    name,
    labels: { jurisdiction, region: name },
    capabilities,
    taints: [],
    capacity: { cpu: 64, memory: 2 ** 38, gpu: 0 },
    health: { healthy: true },
  });
  /** Data in every US cluster with storage. */
  const ledger = (): FederatedService => {
    const parsed = parseFederatedService({
      apiVersion: 'miniplanes.io/v1alpha1',
      kind: 'FederatedService',
      metadata: { name: 'ledger', entityRef: ENTITY, namespace: 'ledger' },
      spec: {
        data: { classification: 'ledger', residency: ['US'] },
        placement: {
          requires: ['storage'],
          replicas: { total: 1, mode: 'Duplicated' },
        },
        resources: [
          {
            role: 'data',
            manifest: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'ledger' },
              data: { entries: '0' },
            },
          },
        ],
      },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.value;
  };

  /** Two replicas' request services on one database, over a fleet the test changes. */
  async function twoReplicas() {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database({ knex });
    const fleet: { current: Fleet } = {
      current: {
        jurisdictions: {},
        governance: [],
        clusters: [
          profile('a', 'US', ['storage']),
          profile('b', 'US', ['storage']),
          profile('c', 'US', []),
        ],
      },
    };
    const fleetService = {
      getFleet: () => fleet.current,
    } as unknown as FleetService;
    const replica = () => setup({ database, fleet: fleetService });
    return { fleet, replicas: [await replica(), await replica()] };
  }

  it('files one proposal and withdraws the one it replaces once, when two replicas refresh the fleet at once', async () => {
    const { fleet, replicas } = await twoReplicas();
    const [one, two] = replicas;
    await one.placement.putSpec({ spec: ledger(), source: 'api' });
    const first = (await one.store.getService(ENTITY))!;
    expect(dataClustersOf(first.decision!)).toEqual(['a', 'b']);

    // A first fleet change: one replica proposes moving the data off a.
    fleet.current = {
      ...fleet.current,
      clusters: [
        profile('a', 'FR', ['storage']),
        profile('b', 'US', ['storage']),
        profile('c', 'US', []),
      ],
    };
    await one.requests.proposeDataMoves(
      (
        await one.placement.reevaluateAll()
      ).dataMoves,
    );
    const [replaced] = await one.requests.list({ status: 'pending' });
    expect(replaced.requestedBy).toBe(FLEET_PROPOSER);
    expect(dataClustersOf(replaced.decision)).toEqual(['b']);

    // A second change before anyone decided (c gains storage): both
    // replicas refresh the fleet at once, as each does on its own schedule.
    fleet.current = {
      ...fleet.current,
      clusters: [
        profile('a', 'FR', ['storage']),
        profile('b', 'US', ['storage']),
        profile('c', 'US', ['storage']),
      ],
    };
    const moves = await Promise.all(
      replicas.map(async r => (await r.placement.reevaluateAll()).dataMoves),
    );
    await Promise.all(
      replicas.map((r, i) => r.requests.proposeDataMoves(moves[i])),
    );

    const all = await two.requests.list({ entityRef: ENTITY });
    const pending = all.filter(r => r.status === 'pending');
    expect(pending.map(r => dataClustersOf(r.decision))).toEqual([['b', 'c']]);
    expect(all.find(r => r.id === replaced.id)?.status).toBe('withdrawn');
    const events = await one.store.listEvents({ entityRef: ENTITY });
    expect(events.filter(e => e.type === 'request.filed')).toHaveLength(2);
  });
});
