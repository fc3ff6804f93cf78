import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { requestWaits } from './requestWaits';

const record = (
  cluster: string,
  extra: Partial<ClusterSyncRecord>,
): ClusterSyncRecord => ({
  entityRef: 'component:default/storage',
  cluster,
  state: 'InSync',
  driftCount: 0,
  retained: [],
  objects: [],
  lastSyncAt: '2026-11-25T10:00:00.000Z',
  ...extra,
});

describe('requestWaits', () => {
  it('names the placed clusters that have not taken the version, and why', () => {
    expect(
      requestWaits(
        ['us-east', 'us-pet', 'eu-west', 'ap-gpu'],
        [
          record('us-east', { specVersion: 3 }),
          record('us-pet', {
            specVersion: 2,
            state: 'Error',
            lastError: 'connect ECONNREFUSED',
          }),
          record('eu-west', { specVersion: 2, state: 'BackingOff' }),
        ],
        3,
      ),
    ).toEqual([
      { cluster: 'us-pet', reason: 'Error: connect ECONNREFUSED' },
      { cluster: 'eu-west', reason: 'BackingOff' },
      { cluster: 'ap-gpu', reason: 'not synced yet' },
    ]);
  });

  it('waits for nothing once every placed cluster has the version', () => {
    expect(
      requestWaits(
        ['us-east'],
        [
          record('us-east', { specVersion: 4 }),
          record('eu-west', { state: 'Error' }),
        ],
        3,
      ),
    ).toEqual([]);
  });
});
