import { SyncRole } from '@miniplanes/plugin-miniplanes-common';
import { findDrift } from './drift';
import { withDesiredHash } from './desiredHash';
import { DESIRED_HASH_ANNOTATION, ROLE_LABEL } from '../cluster/labels';
import { KubeObject, objectKey } from '../cluster/objectIdentity';
import { inApplyOrder } from './applyOrder';

/** A manifest miniplanes wants in one cluster. */
export interface DesiredObject {
  role: SyncRole;
  manifest: KubeObject;
}

export type SyncAction =
  | {
      type: 'apply';
      role: SyncRole;
      manifest: KubeObject;
      /** missing: not in the cluster; changed: the desired state changed; drift: someone edited it. */
      reason: 'missing' | 'changed' | 'drift';
      driftedFields: string[];
    }
  | { type: 'prune'; role: SyncRole; object: KubeObject }
  | { type: 'retain'; role: 'data'; object: KubeObject }
  | { type: 'unchanged'; role: SyncRole; object: KubeObject };

/**
 * Compares what miniplanes wants in a cluster with what miniplanes-managed
 * objects the cluster holds, and says what to do with each. Pure: the engine
 * executes the plan. Applies come in dependency order; prunes in reverse.
 *
 * - a desired object that is missing, changed or drifted is applied;
 * - a managed object no longer desired is pruned, unless it holds data:
 *   a sync never deletes data on its own, it reports it as retained, until
 *   an approved version releases it (`released`: their objectKeys).
 */
export function planClusterSync(
  desired: DesiredObject[],
  observed: KubeObject[],
  released: ReadonlySet<string> = new Set(),
): SyncAction[] {
  const observedByKey = new Map(observed.map(o => [objectKey(o), o]));
  const desiredKeys = new Set<string>();
  const applies: SyncAction[] = [];
  const unchanged: SyncAction[] = [];

  for (const item of inApplyOrder(desired)) {
    const manifest = withDesiredHash(item.manifest);
    const key = objectKey(manifest);
    desiredKeys.add(key);
    const live = observedByKey.get(key);
    if (!live) {
      applies.push({
        type: 'apply',
        role: item.role,
        manifest,
        reason: 'missing',
        driftedFields: [],
      });
      continue;
    }
    const wantedHash = manifest.metadata.annotations?.[DESIRED_HASH_ANNOTATION];
    const liveHash = live.metadata.annotations?.[DESIRED_HASH_ANNOTATION];
    const drifted = findDrift(manifest, live);
    if (liveHash !== wantedHash) {
      applies.push({
        type: 'apply',
        role: item.role,
        manifest,
        reason: 'changed',
        driftedFields: [],
      });
    } else if (drifted.length > 0) {
      applies.push({
        type: 'apply',
        role: item.role,
        manifest,
        reason: 'drift',
        driftedFields: drifted,
      });
    } else {
      unchanged.push({ type: 'unchanged', role: item.role, object: live });
    }
  }

  const leftovers = inApplyOrder(
    observed
      .filter(o => !desiredKeys.has(objectKey(o)))
      .map(o => ({ role: roleOf(o), manifest: o })),
  ).reverse();
  const removals: SyncAction[] = leftovers.map(({ role, manifest }) =>
    role === 'data' && !released.has(objectKey(manifest))
      ? { type: 'retain', role, object: manifest }
      : { type: 'prune', role, object: manifest },
  );

  return [...applies, ...unchanged, ...removals];
}

/**
 * The role recorded on a live object. An object whose role label was removed
 * is treated as data: when in doubt, keep it.
 */
export function roleOf(object: KubeObject): SyncRole {
  const role = object.metadata.labels?.[ROLE_LABEL];
  return role === 'compute' || role === 'config' || role === 'access'
    ? role
    : 'data';
}
