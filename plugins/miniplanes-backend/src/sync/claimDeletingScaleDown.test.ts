import { claimsAScaleDownDeletes } from './claimDeletingScaleDown';

const statefulSet = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'orders', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'orders' } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
    ...spec,
  },
});

const deleting = { whenScaled: 'Delete' };

describe('claimsAScaleDownDeletes', () => {
  it('refuses a scale-down of a StatefulSet whose claims the controller deletes when scaled', () => {
    expect(
      claimsAScaleDownDeletes(
        statefulSet({
          replicas: 3,
          persistentVolumeClaimRetentionPolicy: deleting,
        }),
        statefulSet({
          replicas: 1,
          persistentVolumeClaimRetentionPolicy: deleting,
        }),
      ),
    ).toMatch(
      /^scaling it from 3 to 1 replicas would let the StatefulSet controller delete the PersistentVolumeClaims of the replicas removed, and their data/,
    );
  });

  it('judges by the policy someone else set on the live object when the manifest leaves it out', () => {
    expect(
      claimsAScaleDownDeletes(
        statefulSet({
          replicas: 2,
          persistentVolumeClaimRetentionPolicy: deleting,
        }),
        statefulSet({ replicas: 1 }),
      ),
    ).toMatch(/^scaling it from 2 to 1 replicas/);
  });

  it('lets through scale-ups, Retain, a manifest that sets Retain, and StatefulSets without claims', () => {
    const live = statefulSet({
      replicas: 2,
      persistentVolumeClaimRetentionPolicy: deleting,
    });
    expect(
      claimsAScaleDownDeletes(live, statefulSet({ replicas: 3 })),
    ).toBeUndefined();
    expect(
      claimsAScaleDownDeletes(
        live,
        statefulSet({
          replicas: 1,
          persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain' },
        }),
      ),
    ).toBeUndefined();
    expect(
      claimsAScaleDownDeletes(
        statefulSet({ replicas: 2 }),
        statefulSet({ replicas: 1 }),
      ),
    ).toBeUndefined();
    expect(
      claimsAScaleDownDeletes(
        statefulSet({
          replicas: 2,
          volumeClaimTemplates: [],
          persistentVolumeClaimRetentionPolicy: deleting,
        }),
        statefulSet({ replicas: 1, volumeClaimTemplates: [] }),
      ),
    ).toBeUndefined();
    expect(claimsAScaleDownDeletes(undefined, statefulSet({}))).toBeUndefined();
  });
});
