import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { statusChanged } from './statusChanged';

const record: ClusterSyncRecord = {
  entityRef: 'component:default/ui',
  cluster: 'us-east',
  state: 'InSync',
  specVersion: 2,
  desiredReplicas: 2,
  readyReplicas: 2,
  driftCount: 0,
  retained: [],
  objects: [],
  lastError: undefined,
  lastSyncAt: '2026-11-25T10:00:00.000Z',
};

describe('statusChanged', () => {
  it('is news for a first record', () => {
    expect(statusChanged(undefined, record)).toBe(true);
  });

  it('ignores a new sync stamp, key order and absent undefined fields, as the database gives them back', () => {
    const { lastError: _none, ...stored } = record;
    const readBack = Object.fromEntries(
      Object.entries({
        ...stored,
        lastSyncAt: '2026-11-25T09:59:30.000Z',
      }).reverse(),
    ) as unknown as ClusterSyncRecord;
    expect(statusChanged(readBack, record)).toBe(false);
  });

  it('is news when what the portal shows changes', () => {
    expect(statusChanged(record, { ...record, readyReplicas: 1 })).toBe(true);
    expect(statusChanged(record, { ...record, state: 'Drifted' })).toBe(true);
    expect(
      statusChanged(record, { ...record, lastError: 'connection refused' }),
    ).toBe(true);
  });
});
