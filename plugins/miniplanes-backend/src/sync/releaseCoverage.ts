import {
  InventoryEntry,
  PendingRelease,
  VoidedRelease,
} from '../store/InventoryStore';
import { describeEntry } from './describeEntry';

/**
 * Why an approved release can never be carried out, if it cannot: the
 * object the inventory records is not the one released (it was re-created),
 * or a later version placed its data on the cluster again, so it is the
 * service's data again. A release acts once: leaving again, that data is
 * retained until a later version releases it anew.
 */
export function whyReleaseVoid(
  entry: InventoryEntry,
  release: PendingRelease,
): string | undefined {
  const what = describeEntry(entry);
  if (release.uid && release.uid !== entry.uid) {
    return `${what} in ${entry.cluster} is not the object version ${release.specVersion} released: it was made again since`;
  }
  const tail =
    'before the release was carried out; only a version that newly lists the cluster in spec.data.release can release it now';
  if (
    entry.state === 'applied' &&
    (entry.specVersion ?? 0) > release.specVersion
  ) {
    return `${what} was placed in ${entry.cluster} again by version ${entry.specVersion} ${tail}`;
  }
  if (
    entry.state === 'retained' &&
    (entry.retainedSince ?? 0) > release.specVersion
  ) {
    return `${what} was placed in ${entry.cluster} again, and left it again at version ${entry.retainedSince}, ${tail}`;
  }
  return undefined;
}

/** Whether an approved release covers the object as the inventory has it now. */
export function isReleasedBy(
  entry: InventoryEntry,
  release: PendingRelease,
): boolean {
  return entry.state === 'retained' && !whyReleaseVoid(entry, release);
}

/** The pending releases of a service in a cluster that can never be carried out, and why. */
export function voidedReleases(
  entries: InventoryEntry[],
  releases: ReadonlyMap<string, readonly PendingRelease[]> | undefined,
): VoidedRelease[] {
  if (!releases?.size) return [];
  const byKey = new Map(entries.map(e => [e.objectKey, e]));
  return [...releases.values()].flat().flatMap(release => {
    const entry = byKey.get(release.objectKey);
    const because = entry && whyReleaseVoid(entry, release);
    return because ? [{ id: release.id, because }] : [];
  });
}
