import { mockServices } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { PlacementRequest } from '@miniplanes/plugin-miniplanes-common';
import { RequestNotifier } from './RequestNotifier';

const request = (
  status: PlacementRequest['status'],
  extra: Partial<PlacementRequest> = {},
): PlacementRequest => ({
  id: 'r-1',
  entityRef: 'component:default/storage',
  status,
  requestedBy: 'user:default/amy',
  reason: 'holiday traffic',
  spec: {} as PlacementRequest['spec'],
  decision: { satisfiable: true, clusters: [], unsatisfied: [], summary: [] },
  diff: { changes: [], dataMoves: [], unchanged: true },
  checks: [],
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...extra,
});

describe('RequestNotifier', () => {
  const setup = (
    send = jest.fn(async (_options: NotificationSendOptions) => {}),
  ) => {
    const logger = mockServices.logger.mock();
    const notifier = new RequestNotifier({
      notifications: { send },
      logger,
      approverGroup: 'group:default/platform-team',
    });
    return { notifier, send, logger };
  };

  it('tells the requester what the sync made of their request', async () => {
    const { notifier, send } = setup();
    await notifier.notify(request('applied'));
    await notifier.notify(request('failed', { failure: 'eu-west refused' }));
    expect(send.mock.calls.map(([options]) => options)).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'user:default/amy' },
        payload: {
          title: 'Placement of component:default/storage applied',
          description:
            'Every cluster now holds what the approved request asked for.',
          severity: 'normal',
          link: '/miniplanes/requests?request=r-1',
          topic: 'miniplanes-request',
        },
      },
      {
        recipients: { type: 'entity', entityRef: 'user:default/amy' },
        payload: {
          title: 'Placement of component:default/storage failed',
          description:
            'The approved request could not be applied: eu-west refused',
          severity: 'high',
          link: '/miniplanes/requests?request=r-1',
          topic: 'miniplanes-request',
        },
      },
    ]);
  });

  it('logs a warning instead of failing when the notifications backend does', async () => {
    const { notifier, logger } = setup(
      jest.fn(async (_options: NotificationSendOptions) => {
        throw new Error('connect ECONNREFUSED');
      }),
    );
    await expect(notifier.notify(request('pending'))).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'could not send the pending notification of placement request r-1: Error: connect ECONNREFUSED',
    );
  });
});
