import {
  FederatedService,
  Fleet,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { persistentVolumeClaimManifest } from '../__testUtils__/sync/persistentVolumeClaimManifest';
import { statefulSetManifest } from '../__testUtils__/sync/workloadManifests';
import { validateVersion } from './validateVersion';

const fleet: Fleet = {
  jurisdictions: {},
  governance: [],
  clusters: [
    {
      name: 'us-east',
      labels: { jurisdiction: 'US' },
      capabilities: [],
      taints: [],
      capacity: { cpu: 8, memory: 2 ** 35, gpu: 0 },
      health: { healthy: true, status: 'Healthy' },
    },
  ],
};

function service(role: 'data' | 'config' | 'compute'): FederatedService {
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: { name: 'shop', entityRef: 'component:default/shop' },
    spec: {
      data: { residency: ['US'] },
      placement: {
        computeOutsideResidency: true,
        replicas: { total: 1, mode: 'Duplicated' },
      },
      resources: [
        {
          role,
          manifest: persistentVolumeClaimManifest('orders', '1Gi'),
        },
      ],
    },
  };
}

describe('validateVersion', () => {
  // Found by the invariants suite: a claim declared config followed config
  // (and compute) outside the data's placement and residency.
  it.each(['config', 'compute'] as const)(
    'refuses a PersistentVolumeClaim declared %s: storage is data, placed and kept as data',
    role => {
      expect(validateVersion(service(role), fleet)).toEqual([
        {
          path: 'spec.resources[0].role',
          message: `a PersistentVolumeClaim holds data: declare it role data (not ${role}), so that it lives only where the data may and is never deleted without a release`,
        },
      ]);
    },
  );

  it('accepts a PersistentVolumeClaim declared data', () => {
    expect(validateVersion(service('data'), fleet)).toEqual([]);
  });

  it('refuses an override that turns an object into another kind: who may file a version is judged by its kinds', () => {
    const spec = service('data');
    spec.spec.resources.push({
      role: 'config',
      manifest: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'readers' },
        roleRef: { kind: 'ClusterRole', name: 'view' },
      },
    });
    spec.spec.overrides = [
      {
        clusters: { matchLabels: { jurisdiction: 'US' } },
        resource: { kind: 'RoleBinding' },
        patches: [
          { op: 'replace', path: '/kind', value: 'ClusterRoleBinding' },
        ],
      },
    ];
    expect(validateVersion(spec, fleet)).toEqual([
      {
        path: 'spec.overrides',
        message:
          "overrides may not change an object's apiVersion or kind: rbac.authorization.k8s.io/v1 RoleBinding readers becomes rbac.authorization.k8s.io/v1 ClusterRoleBinding in cluster us-east",
      },
    ]);
  });

  it('renders with the interpreters the sync uses: one that cannot take a share refuses the version at filing, not later on a cluster', () => {
    const workers: FederatedService = {
      ...service('compute'),
      spec: {
        placement: { replicas: { total: 3, mode: 'Divided' } },
        resources: [
          {
            role: 'compute',
            manifest: {
              apiVersion: 'ray.io/v1',
              kind: 'RayCluster',
              metadata: { name: 'workers' },
              spec: { workerGroupSpecs: [{ replicas: 1 }] },
            },
          },
        ],
      },
    };
    const broken: ResourceInterpreter = {
      name: 'ray.io/RayCluster',
      matches: k => k.kind === 'RayCluster',
      withReplicas() {
        throw new Error('workerGroupSpecs has no group named workers');
      },
    };
    expect(validateVersion(workers, fleet)).toEqual([]);
    expect(
      validateVersion(workers, fleet, [broken]).map(p => p.message),
    ).toEqual([
      expect.stringContaining('workerGroupSpecs has no group named workers'),
    ]);
  });

  it("names the override that cannot change a custom kind's containers", () => {
    const trainer: FederatedService = {
      ...service('compute'),
      spec: {
        placement: { replicas: { total: 1, mode: 'Duplicated' } },
        resources: [
          {
            role: 'compute',
            manifest: {
              apiVersion: 'example.com/v1',
              kind: 'Trainer',
              metadata: { name: 'trainer' },
              spec: { template: { spec: { containers: { image: 't:1' } } } },
            },
          },
        ],
        overrides: [{ clusters: {}, image: 't:2' }],
      },
    };
    expect(validateVersion(trainer, fleet)).toEqual([
      {
        path: 'spec.overrides[0]',
        message:
          "spec.overrides[0] cannot be applied to Trainer trainer in cluster us-east: its pod template's containers are not a list",
      },
    ]);
  });

  describe('a StatefulSet that makes storage claims', () => {
    /** A data StatefulSet with a claim per replica. */
    const database = () => {
      const manifest = statefulSetManifest({
        name: 'orders',
        image: 'postgres:16',
        container: 'postgres',
      });
      return {
        ...service('data'),
        spec: {
          data: { residency: ['US'] },
          placement: { replicas: { total: 1, mode: 'Duplicated' as const } },
          resources: [
            {
              role: 'data' as const,
              manifest: {
                ...manifest,
                spec: {
                  ...manifest.spec,
                  volumeClaimTemplates: [
                    {
                      metadata: { name: 'data' },
                      spec: {
                        accessModes: ['ReadWriteOnce'],
                        resources: { requests: { storage: '1Gi' } },
                      },
                    },
                  ],
                },
              },
            },
          ],
        },
      };
    };

    // The document's own claims and policy are refused with the document
    // (parse.test.ts); an override can add them in some clusters only.
    it('is refused with a retention policy that deletes claims set by an override for one cluster', () => {
      expect(validateVersion(database(), fleet)).toEqual([]);
      const patched = database();
      patched.spec = {
        ...patched.spec,
        overrides: [
          {
            clusters: { matchLabels: { jurisdiction: 'US' } },
            patches: [
              {
                op: 'add',
                path: '/spec/persistentVolumeClaimRetentionPolicy',
                value: { whenDeleted: 'Delete' },
              },
            ],
          },
        ],
      } as typeof patched.spec;
      expect(validateVersion(patched, fleet)).toEqual([
        {
          path: 'spec.resources[0].manifest.spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
          message: expect.stringMatching(
            /^Delete lets garbage collection delete the claims.* \(as the overrides render it for cluster us-east\)$/,
          ),
        },
      ]);
    });
  });
});
