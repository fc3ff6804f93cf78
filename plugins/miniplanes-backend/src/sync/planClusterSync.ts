import { SyncRole } from '@miniplanes/plugin-miniplanes-common';
import { DESIRED_HASH_ANNOTATION } from '../cluster/labels';
import { KubeObject, objectKey } from '../cluster/objectIdentity';
import { InventoryEntry, PendingRelease } from '../store/InventoryStore';
import { holdsData, refOf } from '../store/inventoryEntries';
import { driftBetween } from './drift';
import { withDesiredHash } from './desiredHash';
import { inApplyOrder, isInApplyOrder } from './applyOrder';
import { carriesIdentityOfService } from './serviceIdentity';
import { isReleasedBy } from './releaseCoverage';

/** A manifest miniplanes wants in one cluster. */
/** The live objects miniplanes manages in a cluster, looked up by objectKey. */
export type ObservedObjects = Pick<ReadonlyMap<string, KubeObject>, 'get'>;

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
      /** The inventory entry, when miniplanes applied the object before. */
      entry?: InventoryEntry;
      /** The object the cluster holds, as watched, when it is the one applied. */
      live?: KubeObject;
    }
  | {
      type: 'unchanged';
      role: SyncRole;
      object: KubeObject;
      entry: InventoryEntry;
    }
  /** Data no longer placed here: kept until a version releases it. */
  | { type: 'retain'; entry: InventoryEntry; object?: KubeObject }
  /** No longer placed, holds no data (or is released): deleted, if the engine's guards allow. */
  | {
      type: 'prune';
      entry: InventoryEntry;
      object?: KubeObject;
      /** The approved releases that cover it: carried out by its delete. */
      releases?: PendingRelease[];
    };

/**
 * Compares what miniplanes wants of a service in a cluster with what the
 * inventory says it applied there and what the cluster holds, and says what
 * to do with each object. Pure: the engine executes the plan. Applies come
 * in dependency order; removals in reverse.
 *
 * The inventory is the authority: only objects it records for this service
 * are ever removed, and an object it says held data in any approved version
 * is retained, whatever role or labels it has now, unless a release names
 * it (with the uid it had when released).
 */
export function planClusterSync(input: {
  desired: DesiredObject[];
  /** This service's inventory entries in this cluster. */
  entries: InventoryEntry[];
  /** Live objects miniplanes manages in this cluster, by objectKey. */
  observed: ObservedObjects;
  /** Pending releases of this service in this cluster, by objectKey, oldest first. */
  releases?: ReadonlyMap<string, readonly PendingRelease[]>;
  /** This miniplanes installation (InventoryStore.installation). */
  installation: string;
}): SyncAction[] {
  const { observed, releases } = input;
  const entries = new Map(input.entries.map(e => [e.objectKey, e]));
  const desiredKeys = new Set<string>();
  const applies: SyncAction[] = [];
  const unchanged: SyncAction[] = [];

  const ordered = isInApplyOrder(input.desired)
    ? input.desired
    : inApplyOrder(input.desired);
  for (const item of ordered) {
    const manifest = withDesiredHash(item.manifest);
    const key = objectKey(manifest);
    desiredKeys.add(key);
    const entry = entries.get(key);
    // A live object is this service's only if the inventory records it,
    // and it is the object recorded (its uid) or says it is the service's
    // (a claim whose write never answered has no uid; a restore makes new
    // ones), in this installation: else it is judged as missing, read afresh and refused.
    const recorded = entry ? observed.get(key) : undefined;
    const live =
      recorded &&
      ((entry!.uid !== undefined && entry!.uid === recorded.metadata.uid) ||
        carriesIdentityOfService(
          recorded,
          entry!.entityRef,
          input.installation,
        ))
        ? recorded
        : undefined;
    const base = { type: 'apply' as const, role: item.role, manifest, entry };
    if (!live) {
      applies.push({ ...base, reason: 'missing', driftedFields: [] });
      continue;
    }
    const wantedHash = manifest.metadata.annotations?.[DESIRED_HASH_ANNOTATION];
    const liveHash = live.metadata.annotations?.[DESIRED_HASH_ANNOTATION];
    const drifted = driftBetween(manifest, live);
    if (liveHash !== wantedHash || entry!.state === 'retained') {
      applies.push({ ...base, reason: 'changed', driftedFields: [], live });
    } else if (drifted.length > 0) {
      applies.push({ ...base, reason: 'drift', driftedFields: drifted, live });
    } else {
      unchanged.push({
        type: 'unchanged',
        role: item.role,
        object: live,
        entry: entry!,
      });
    }
  }

  // Settled: every desired object is recorded and as applied, and nothing
  // else is recorded (each one unchanged has its entry), so nothing to remove.
  if (applies.length === 0 && entries.size === desiredKeys.size)
    return unchanged;
  const leftovers = inApplyOrder(
    [...entries.values()]
      .filter(e => !desiredKeys.has(e.objectKey))
      .map(entry => ({
        role: entry.role,
        entry,
        manifest: observed.get(entry.objectKey) ?? refOf(entry),
      })),
  ).reverse();
  const removals: SyncAction[] = leftovers.map(({ entry }) => {
    const object = observed.get(entry.objectKey);
    const covering = (releases?.get(entry.objectKey) ?? []).filter(r =>
      isReleasedBy(entry, r),
    );
    const released = covering.length > 0;
    if (holdsData(entry) && !released) return { type: 'retain', entry, object };
    return {
      type: 'prune',
      entry,
      object,
      ...(released ? { releases: covering } : {}),
    };
  });

  return [...applies, ...unchanged, ...removals];
}
