import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { ObjectSyncStatus } from '@miniplanes/plugin-miniplanes-common';
import { recorded } from '../__testUtils__/recordedMetrics';
import { SyncMetrics } from './SyncMetrics';
import { ServiceClusterReport } from './SyncEngine';

const object = (
  name: string,
  action: ObjectSyncStatus['action'],
  state: ObjectSyncStatus['state'],
  reason?: ObjectSyncStatus['reason'],
): ObjectSyncStatus => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'miniplanes',
  name,
  role: 'compute',
  action,
  state,
  ...(reason ? { reason } : {}),
});

const report = (
  entityRef: string,
  cluster: string,
  state: ServiceClusterReport['state'],
  objects: ObjectSyncStatus[],
): ServiceClusterReport => ({
  entityRef,
  cluster,
  state,
  objects,
  writes: 0,
  syncedAt: '2026-12-07T00:00:00.000Z',
});

describe('SyncMetrics', () => {
  it("adds each service's state and each skip once a pass, by cluster, never by service", () => {
    const metrics = metricsServiceMock.mock();
    const sync = new SyncMetrics(metrics);
    const instrument = (name: string) => recorded(metrics, name);

    sync.reported([
      report('component:default/a', 'eu-west', 'Drifted', [
        object('a', 'applied', 'Progressing', 'missing'),
        object('a-drifted', 'applied', 'Drifted', 'drift'),
        object('a-old', 'pruned', 'InSync'),
        object('a-same', 'none', 'InSync'),
        object('a-theirs', 'skipped', 'Conflict'),
      ]),
      report('component:default/b', 'eu-west', 'Error', [
        object('b', 'applied', 'Progressing', 'missing'),
        object('b-theirs', 'skipped', 'Conflict'),
        object('b-refused', 'skipped', 'Error'),
      ]),
      report('component:default/c', 'us-east', 'InSync', [
        object('c', 'none', 'InSync'),
      ]),
    ]);

    expect(instrument('miniplanes.sync.object.skips')).toEqual([
      [2, { cluster: 'eu-west', state: 'Conflict' }],
      [1, { cluster: 'eu-west', state: 'Error' }],
    ]);
    expect(instrument('miniplanes.sync.service.syncs')).toEqual([
      [1, { cluster: 'eu-west', state: 'Drifted' }],
      [1, { cluster: 'eu-west', state: 'Error' }],
      [1, { cluster: 'us-east', state: 'InSync' }],
    ]);
    // Writes are counted as they are answered (written), not from reports.
    expect(instrument('miniplanes.sync.object.writes')).toEqual([]);
  });

  it('counts each object written by cluster, action and why', () => {
    const metrics = metricsServiceMock.mock();
    const { written } = new SyncMetrics(metrics);

    written('eu-west', { action: 'applied', reason: 'missing' });
    written('eu-west', { action: 'applied', reason: 'drift' });
    written('us-east', { action: 'pruned' });

    expect(recorded(metrics, 'miniplanes.sync.object.writes')).toEqual([
      [1, { cluster: 'eu-west', action: 'applied', reason: 'missing' }],
      [1, { cluster: 'eu-west', action: 'applied', reason: 'drift' }],
      [1, { cluster: 'us-east', action: 'pruned' }],
    ]);
  });

  it("records a pass's duration by shard, and whether it failed", () => {
    const metrics = metricsServiceMock.mock();
    new SyncMetrics(metrics).passEnded({ index: 1, count: 2 }, 12.5, true);
    expect(
      recorded(metrics, 'miniplanes.sync.pass.duration', 'createHistogram'),
    ).toEqual([[12.5, { shard: '2/2', result: 'failed' }]]);
  });
});
