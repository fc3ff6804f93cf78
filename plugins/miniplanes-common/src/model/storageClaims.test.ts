import { makesStorageClaims, storageClaimIssues } from './storageClaims';

const statefulSet = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'mongodb' },
  spec: {
    serviceName: 'mongodb',
    selector: { matchLabels: { app: 'mongodb' } },
    template: {
      metadata: { labels: { app: 'mongodb' } },
      spec: { containers: [{ name: 'mongodb', image: 'mongo:7.0' }] },
    },
    ...spec,
  },
});

const claims = {
  volumeClaimTemplates: [
    {
      metadata: { name: 'data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '10Gi' } },
      },
    },
  ],
};

describe('storageClaimIssues', () => {
  it('takes a StatefulSet with volumeClaimTemplates as making claims, and one without as not', () => {
    expect(makesStorageClaims(statefulSet(claims))).toBe(true);
    expect(makesStorageClaims(statefulSet({}))).toBe(false);
    expect(makesStorageClaims(statefulSet({ volumeClaimTemplates: [] }))).toBe(
      false,
    );
  });

  it.each(['compute', 'config'] as const)(
    'refuses a StatefulSet that makes claims declared %s: its claims hold data',
    role => {
      expect(storageClaimIssues(statefulSet(claims), role)).toEqual([
        {
          path: ['role'],
          message: `a StatefulSet with volumeClaimTemplates makes PersistentVolumeClaims that hold data: declare it role data (not ${role}), so that it lives only where the data may and is never deleted or scaled away without a request`,
        },
      ]);
    },
  );

  it('accepts it declared data, and a StatefulSet without claims in any role', () => {
    expect(storageClaimIssues(statefulSet(claims), 'data')).toEqual([]);
    expect(storageClaimIssues(statefulSet({}), 'compute')).toEqual([]);
  });

  it('refuses a retention policy that lets a controller delete the claims', () => {
    const issues = storageClaimIssues(
      statefulSet({
        ...claims,
        persistentVolumeClaimRetentionPolicy: {
          whenScaled: 'Delete',
          whenDeleted: 'Delete',
        },
      }),
      'data',
    );
    expect(issues).toEqual([
      {
        path: [
          'manifest',
          'spec',
          'persistentVolumeClaimRetentionPolicy',
          'whenScaled',
        ],
        message:
          'Delete lets the StatefulSet controller delete the claims, and their data, of the replicas a scale-down removes; miniplanes deletes data only when an approved version releases it: use Retain (the default)',
      },
      {
        path: [
          'manifest',
          'spec',
          'persistentVolumeClaimRetentionPolicy',
          'whenDeleted',
        ],
        message:
          'Delete lets garbage collection delete the claims, and their data, with the StatefulSet; miniplanes deletes data only when an approved version releases it: use Retain (the default)',
      },
    ]);
    expect(
      storageClaimIssues(
        statefulSet({
          ...claims,
          persistentVolumeClaimRetentionPolicy: {
            whenScaled: 'Retain',
            whenDeleted: 'Retain',
          },
        }),
        'data',
      ),
    ).toEqual([]);
  });
});
