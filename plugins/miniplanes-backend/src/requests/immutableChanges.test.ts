import {
  FederatedService,
  Fleet,
  PlacementDecision,
} from '@miniplanes/plugin-miniplanes-common';
import { inventoryEntry } from '../__testUtils__/sync/inventoryEntry';
import { statefulSetManifest } from '../__testUtils__/sync/workloadManifests';
import { immutableChangeProblems } from './immutableChanges';

const cluster = (name: string) => ({
  name,
  labels: { jurisdiction: 'US', region: name },
  capabilities: [],
  taints: [],
  capacity: { cpu: 8, memory: 2 ** 35, gpu: 0 },
  health: { healthy: true as const, status: 'Healthy' as const },
});

const fleet: Fleet = {
  jurisdictions: {},
  governance: [],
  clusters: [cluster('us-east'), cluster('us-west'), cluster('us-south')],
};

const entityRef = 'component:default/shop';

/** The shop's version whose database claims `storage` per replica, with `overrides`. */
function version(
  storage: string,
  overrides: FederatedService['spec']['overrides'] = [],
): FederatedService {
  const database = statefulSetManifest({
    name: 'orders',
    image: 'postgres:16',
    container: 'postgres',
  });
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: { name: 'shop', entityRef, namespace: 'shop' },
    spec: {
      data: { residency: ['US'] },
      placement: { replicas: { total: 1, mode: 'Duplicated' } },
      resources: [
        {
          role: 'data',
          manifest: {
            ...database,
            spec: {
              ...database.spec,
              volumeClaimTemplates: [
                {
                  metadata: { name: 'data' },
                  spec: {
                    accessModes: ['ReadWriteOnce'],
                    resources: { requests: { storage } },
                  },
                },
              ],
            },
          },
        },
      ],
      overrides,
    },
  };
}

/** The database as the inventory records it in each named cluster. */
const databaseIn = (
  clusters: string[],
  state: 'applied' | 'retained' = 'applied',
) =>
  clusters.map(name =>
    inventoryEntry(
      { cluster: name, entityRef },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        namespace: 'shop',
        name: 'orders',
      },
      { role: 'data', state },
    ),
  );

/** A preview that places the data in the named clusters (all of the fleet unless told). */
function dataIn(clusters = fleet.clusters.map(c => c.name)): PlacementDecision {
  return {
    satisfiable: true,
    clusters: fleet.clusters.map(c => ({
      name: c.name,
      selected: clusters.includes(c.name),
      roles: clusters.includes(c.name) ? ['data'] : [],
      replicas: { data: 1, compute: 0, config: 0 },
      reasons: [],
      score: { total: 0, breakdown: {} },
      labels: c.labels,
    })),
    unsatisfied: [],
    summary: [],
  };
}

describe('immutableChangeProblems', () => {
  it('refuses a change to volumeClaimTemplates, naming the field and the clusters where the StatefulSet exists', () => {
    expect(
      immutableChangeProblems({
        current: version('10Gi'),
        next: version('20Gi'),
        fleet,
        preview: dataIn(),
        inventory: databaseIn(['us-east', 'us-west']),
      }),
    ).toEqual([
      {
        path: 'spec.resources[0].manifest.spec.volumeClaimTemplates[0].spec.resources.requests.storage',
        message: expect.stringMatching(
          /^Kubernetes refuses to change a StatefulSet's volumeClaimTemplates once it exists .* \(it exists in us-east, us-west\)$/,
        ),
      },
    ]);
  });

  it('lets the change through where the object exists nowhere yet', () => {
    expect(
      immutableChangeProblems({
        current: version('10Gi'),
        next: version('20Gi'),
        fleet,
        preview: dataIn(),
        inventory: [],
      }),
    ).toEqual([]);
  });

  it('lets the change through where the object is only retained, or where the version no longer places it', () => {
    expect(
      immutableChangeProblems({
        current: version('10Gi'),
        next: version('20Gi'),
        fleet,
        preview: dataIn(['us-east']),
        inventory: [
          ...databaseIn(['us-west'], 'retained'),
          ...databaseIn(['us-south']),
        ],
      }),
    ).toEqual([]);
  });

  it('compares cluster by cluster, overrides included', () => {
    const grownInWest = version('10Gi', [
      {
        clusters: { matchLabels: { region: 'us-west' } },
        resource: { kind: 'StatefulSet', name: 'orders' },
        patches: [
          {
            op: 'replace',
            path: '/spec/volumeClaimTemplates/0/spec/resources/requests/storage',
            value: '50Gi',
          },
        ],
      },
    ]);
    expect(
      immutableChangeProblems({
        current: version('10Gi'),
        next: grownInWest,
        fleet,
        preview: dataIn(),
        inventory: databaseIn(['us-east', 'us-west', 'us-south']),
      }).map(p => p.message.replace(/.*\(/, '(')),
    ).toEqual(['(it exists in us-west)']);
  });

  it('lets an unchanged version and changes Kubernetes allows through', () => {
    const next = version('10Gi');
    next.spec.resources[0].manifest.spec = {
      ...(next.spec.resources[0].manifest.spec as object),
      replicas: 3,
    };
    expect(
      immutableChangeProblems({
        current: version('10Gi'),
        next,
        fleet,
        preview: dataIn(),
        inventory: databaseIn(['us-east']),
      }),
    ).toEqual([]);
  });
});
