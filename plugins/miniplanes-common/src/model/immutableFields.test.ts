import { immutableFieldChanges } from './immutableFields';

const statefulSet = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'mongodb' },
  spec: {
    serviceName: 'mongodb',
    replicas: 3,
    selector: { matchLabels: { app: 'mongodb' } },
    template: {
      metadata: { labels: { app: 'mongodb' } },
      spec: { containers: [{ name: 'mongodb', image: 'mongo:7.0' }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '10Gi' } },
        },
      },
    ],
    ...spec,
  },
});

const claim = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'orders' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '10Gi' } },
    ...spec,
  },
});

const paths = (changes: { path: (string | number)[] }[]) =>
  changes.map(c => c.path.join('.'));

describe('immutableFieldChanges', () => {
  it("refuses a change to a StatefulSet's volumeClaimTemplates, naming the field and how to grow storage", () => {
    const changes = immutableFieldChanges(
      statefulSet(),
      statefulSet({
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '20Gi' } },
            },
          },
        ],
      }),
    );
    expect(changes).toEqual([
      {
        path: [
          'spec',
          'volumeClaimTemplates',
          0,
          'spec',
          'resources',
          'requests',
          'storage',
        ],
        message: expect.stringMatching(
          /^Kubernetes refuses to change a StatefulSet's volumeClaimTemplates once it exists .*: keep it as the current version has it; to give existing replicas more storage, expand their PersistentVolumeClaims$/,
        ),
      },
    ]);
  });

  it("refuses a change to a StatefulSet's serviceName or podManagementPolicy", () => {
    expect(
      paths(
        immutableFieldChanges(
          statefulSet(),
          statefulSet({ serviceName: 'mongo' }),
        ),
      ),
    ).toEqual(['spec.serviceName']);
    expect(
      paths(
        immutableFieldChanges(
          statefulSet(),
          statefulSet({ podManagementPolicy: 'Parallel' }),
        ),
      ),
    ).toEqual(['spec.podManagementPolicy']);
  });

  it("lets a StatefulSet's replicas, template, update strategy and retention policy change", () => {
    expect(
      immutableFieldChanges(
        statefulSet(),
        statefulSet({
          replicas: 5,
          template: {
            metadata: { labels: { app: 'mongodb', tier: 'db' } },
            spec: { containers: [{ name: 'mongodb', image: 'mongo:8.0' }] },
          },
          updateStrategy: { type: 'OnDelete' },
          persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain' },
          minReadySeconds: 10,
        }),
      ),
    ).toEqual([]);
  });

  it('takes the values the API server fills in as no change', () => {
    expect(
      immutableFieldChanges(
        statefulSet(),
        statefulSet({
          podManagementPolicy: 'OrderedReady',
          revisionHistoryLimit: 10,
          volumeClaimTemplates: [
            {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                volumeMode: 'Filesystem',
                resources: { requests: { storage: '10Gi' } },
              },
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it.each(['Deployment', 'ReplicaSet', 'DaemonSet'])(
    "refuses a change to a %s's selector, not to its template",
    kind => {
      const workload = (app: string, image: string) => ({
        apiVersion: 'apps/v1',
        kind,
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app } },
          template: {
            metadata: { labels: { app } },
            spec: { containers: [{ name: 'web', image }] },
          },
        },
      });
      expect(
        immutableFieldChanges(workload('web', 'a:1'), workload('web', 'a:2')),
      ).toEqual([]);
      expect(
        immutableFieldChanges(workload('web', 'a:1'), workload('shop', 'a:1')),
      ).toEqual([
        {
          path: ['spec', 'selector', 'matchLabels', 'app'],
          message: `Kubernetes refuses to change a ${kind}'s selector once it exists: keep it as the current version has it (its pods are found by it)`,
        },
      ]);
    },
  );

  it("refuses a change to a Job's pod template, and says to name a new Job", () => {
    const job = (image: string) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'migrate', image }],
          },
        },
      },
    });
    expect(immutableFieldChanges(job('m:1'), job('m:1'))).toEqual([]);
    expect(immutableFieldChanges(job('m:1'), job('m:2'))).toEqual([
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'image'],
        message:
          "Kubernetes refuses to change a Job's pod template once the Job exists: give the Job a new name (the version, say) so that a new Job runs",
      },
    ]);
  });

  it("lets a PersistentVolumeClaim's storage grow, and refuses shrinking it or changing the rest of its spec", () => {
    expect(
      immutableFieldChanges(
        claim({}),
        claim({ resources: { requests: { storage: '20Gi' } } }),
      ),
    ).toEqual([]);
    expect(
      immutableFieldChanges(
        claim({}),
        claim({ resources: { requests: { storage: '5Gi' } } }),
      ),
    ).toEqual([
      {
        path: ['spec', 'resources', 'requests', 'storage'],
        message:
          "Kubernetes refuses to shrink a PersistentVolumeClaim's storage: it may only grow",
      },
    ]);
    expect(
      paths(
        immutableFieldChanges(
          claim({}),
          claim({ accessModes: ['ReadWriteMany'] }),
        ),
      ),
    ).toEqual(['spec.accessModes.0']);
  });

  it('takes a storage class the first version left to the cluster as no change, and a changed one as a change', () => {
    expect(
      immutableFieldChanges(claim({}), claim({ storageClassName: 'fast' })),
    ).toEqual([]);
    expect(
      paths(
        immutableFieldChanges(
          claim({ storageClassName: 'standard' }),
          claim({ storageClassName: 'fast' }),
        ),
      ),
    ).toEqual(['spec.storageClassName']);
  });

  it("refuses a change to an immutable ConfigMap's data, and allows it on a mutable one", () => {
    const config = (immutable: boolean | undefined, value: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      ...(immutable === undefined ? {} : { immutable }),
      data: { mode: value },
    });
    expect(
      immutableFieldChanges(config(undefined, 'a'), config(undefined, 'b')),
    ).toEqual([]);
    expect(immutableFieldChanges(config(true, 'a'), config(true, 'a'))).toEqual(
      [],
    );
    expect(immutableFieldChanges(config(true, 'a'), config(true, 'b'))).toEqual(
      [
        {
          path: ['data'],
          message:
            'this ConfigMap is immutable: Kubernetes refuses to change its data; give the changed one a new name',
        },
      ],
    );
  });

  it("refuses a change to a Service's cluster IP once set (allocated when the current version left it out), and takes leaving it out or an ExternalName", () => {
    const service = (spec: Record<string, unknown> = {}) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'orders' },
      spec: { selector: { app: 'orders' }, ports: [{ port: 80 }], ...spec },
    });
    const allocated = immutableFieldChanges(
      service(),
      service({ clusterIP: 'None' }),
    );
    expect(paths(allocated)).toEqual(['spec.clusterIP']);
    expect(allocated[0].message).toMatch(
      /refuses to change a Service's clusterIP once set.*each cluster allocated.*new name/,
    );
    const given = immutableFieldChanges(
      service({ clusterIP: 'None' }),
      service({ clusterIPs: ['10.96.0.20'] }),
    );
    expect(paths(given)).toEqual(['spec.clusterIP']);
    expect(given[0].message).toMatch(/keep it None/);

    for (const [before, after] of [
      [service(), service()],
      [service({ clusterIP: 'None' }), service({ clusterIP: 'None' })],
      [service({ clusterIP: 'None' }), service()],
      [service({ clusterIP: '10.96.0.20' }), service({ clusterIP: '' })],
      [
        service(),
        service({ type: 'ExternalName', externalName: 'orders.example.com' }),
      ],
      [
        service({ type: 'ExternalName', externalName: 'orders.example.com' }),
        service({ clusterIP: 'None' }),
      ],
    ])
      expect(immutableFieldChanges(before, after)).toEqual([]);
  });

  it('compares only the same kind: custom kinds and kind changes are left to the clusters', () => {
    expect(
      immutableFieldChanges(
        { apiVersion: 'example.com/v1', kind: 'StatefulSet', spec: { a: 1 } },
        { apiVersion: 'example.com/v1', kind: 'StatefulSet', spec: { a: 2 } },
      ),
    ).toEqual([]);
  });
});
