import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { StoredService } from '../store/MiniplanesStore';
import { serviceStatus, summarizeStatus } from './serviceStatus';

const UPDATED = '2026-11-25T12:00:00.000Z';
const LATER = '2026-11-25T12:00:30.000Z';

function service(placed: string[], satisfiable = true): StoredService {
  const decision = {
    satisfiable,
    clusters: ['eu-west', 'us-east', 'us-pet'].map(name => ({
      name,
      selected: placed.includes(name),
    })),
    unsatisfied: satisfiable
      ? []
      : [{ code: 'Health', message: 'no cluster can take compute' }],
    summary: [],
  } as unknown as PlacementDecision;
  return {
    entityRef: 'component:default/ui',
    specVersion: 2,
    spec: {} as StoredService['spec'],
    decision,
    source: 'api',
    createdAt: UPDATED,
    updatedAt: UPDATED,
  };
}

function record(
  cluster: string,
  state: ClusterSyncRecord['state'],
  extra: Partial<ClusterSyncRecord> = {},
): ClusterSyncRecord {
  return {
    entityRef: 'component:default/ui',
    cluster,
    state,
    driftCount: 0,
    retained: [],
    objects: [],
    lastSyncAt: LATER,
    ...extra,
  };
}

describe('serviceStatus', () => {
  const placed = service(['us-east', 'us-pet']);

  it('is InSync when every placed cluster is', () => {
    const view = serviceStatus(placed, [
      record('us-east', 'InSync'),
      record('us-pet', 'InSync'),
    ]);
    expect(view.state).toBe('InSync');
    expect(summarizeStatus(view)).toEqual({
      state: 'InSync',
      message: 'in sync in 2 clusters',
      lastSyncAt: LATER,
      placedClusters: 2,
      inSyncClusters: 2,
      retainedObjects: 0,
    });
  });

  it('is Progressing while a placed cluster has not been synced since the last change', () => {
    const view = serviceStatus(placed, [
      record('us-east', 'InSync'),
      record('us-pet', 'InSync', { lastSyncAt: '2026-11-25T11:59:00.000Z' }),
    ]);
    expect(view.state).toBe('Progressing');
    expect(view.clusters.find(c => c.cluster === 'us-pet')?.state).toBe(
      'Pending',
    );
  });

  it('ranks Error over Degraded over Drifted', () => {
    expect(
      serviceStatus(placed, [
        record('us-east', 'Error', { lastError: 'refused' }),
        record('us-pet', 'BackingOff'),
      ]).state,
    ).toBe('Error');
    const degraded = serviceStatus(placed, [
      record('us-east', 'Error', { lastError: 'connection refused' }),
      record('us-pet', 'Drifted'),
    ]);
    expect(degraded).toMatchObject({
      state: 'Degraded',
      message: 'sync failed in us-east (connection refused)',
    });
    expect(
      serviceStatus(placed, [
        record('us-east', 'Drifted'),
        record('us-pet', 'Progressing'),
      ]).state,
    ).toBe('Drifted');
  });

  it('shows retained data in clusters no longer placed', () => {
    const view = serviceStatus(placed, [
      record('us-east', 'InSync'),
      record('us-pet', 'InSync'),
      record('eu-west', 'InSync', {
        retained: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }],
      }),
    ]);
    expect(view.state).toBe('InSync');
    expect(view.clusters.find(c => c.cluster === 'eu-west')).toMatchObject({
      placed: false,
      retained: [{ kind: 'StatefulSet', name: 'db' }],
    });
    expect(summarizeStatus(view).retainedObjects).toBe(1);
  });

  it('is Error when the placement cannot be met', () => {
    expect(serviceStatus(service([], false), [])).toMatchObject({
      state: 'Error',
      message:
        'the placement cannot be met, so nothing is synced: no cluster can take compute',
    });
  });
});
