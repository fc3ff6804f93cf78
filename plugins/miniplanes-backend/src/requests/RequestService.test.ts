import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { PlacementRequest } from '@miniplanes/plugin-miniplanes-common';
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

async function setup(options: { now?: () => Date } = {}) {
  const { now } = options;
  const knex = await databases.init('SQLITE_3');
  const database = mockServices.database({ knex });
  const store = await DatabaseMiniplanesStore.create({ database, now });
  const statusStore = await DatabaseClusterStatusStore.create({ database });
  const inventory = await DatabaseInventoryStore.create({ database });
  const logger = mockServices.logger.mock();
  const fleet = FleetService.create({
    config: mockServices.rootConfig(),
    logger,
    suppliers: [],
  });
  const send = jest.fn(async (_options: NotificationSendOptions) => {});
  const auditor = mockServices.auditor.mock();
  const requests = new RequestService({
    store,
    statusStore,
    placement: new PlacementService(store, fleet),
    notifier: new RequestNotifier({
      notifications: { send },
      logger,
      approverGroup: 'group:default/platform-team',
    }),
    auditor,
    inventory,
    now,
  });
  return { store, requests, send, auditor };
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
