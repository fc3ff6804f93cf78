import { makesStorageClaims } from '@miniplanes/plugin-miniplanes-common';
import { KubeObject } from '../cluster/objectIdentity';

type Spec = {
  replicas?: number;
  persistentVolumeClaimRetentionPolicy?: { whenScaled?: string };
};

/**
 * Which claims applying `manifest` over the StatefulSet the cluster holds
 * would let its controller delete, said as a reason not to apply it; or
 * undefined. A retention policy `whenScaled: Delete` deletes the claims of
 * the replicas a scale-down removes. Filing refuses that policy, but a
 * version stored before, or someone else's edit of the live object, can
 * still carry it: miniplanes deletes data only by a release, so it does
 * not scale such a StatefulSet down.
 */
export function claimsAScaleDownDeletes(
  live: KubeObject | undefined,
  manifest: KubeObject,
): string | undefined {
  if (!live || !makesStorageClaims(live)) return undefined;
  const liveSpec = live.spec as Spec;
  const wanted = manifest.spec as Spec | undefined;
  // A field the manifest leaves out keeps the value someone else set.
  const policy =
    wanted?.persistentVolumeClaimRetentionPolicy?.whenScaled ??
    liveSpec.persistentVolumeClaimRetentionPolicy?.whenScaled;
  const from = liveSpec.replicas ?? 1;
  const to = wanted?.replicas ?? from;
  if (policy !== 'Delete' || to >= from) return undefined;
  return `scaling it from ${from} to ${to} replicas would let the StatefulSet controller delete the PersistentVolumeClaims of the replicas removed, and their data (persistentVolumeClaimRetentionPolicy.whenScaled is Delete); miniplanes deletes data only when an approved version releases it: set whenScaled to Retain`;
}
