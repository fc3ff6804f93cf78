/** A claim on `storage` (say `1Gi`) of one node's read-write volume. */
export function persistentVolumeClaimManifest(name: string, storage: string) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage } },
    },
  };
}
