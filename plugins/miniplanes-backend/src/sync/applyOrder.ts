import { KubeObject } from '../cluster/objectIdentity';

/**
 * Kinds that others depend on go first: definitions, then namespaces, then
 * configuration, then the workloads (data before compute, so a database is
 * there when its clients start), then the service entries that route to it.
 * Deletions run in the reverse order.
 */
const KIND_RANK: Record<string, number> = {
  CustomResourceDefinition: 0,
  Namespace: 1,
  ServiceAccount: 2,
  ConfigMap: 3,
  Secret: 3,
  PersistentVolumeClaim: 4,
};
const ROLE_RANK: Record<string, number> = {
  config: 5,
  data: 6,
  access: 6,
  compute: 7,
};
const LAST = 9;

export function applyRank(item: {
  role?: string;
  manifest: KubeObject;
}): number {
  return (
    KIND_RANK[item.manifest.kind] ??
    (item.role ? ROLE_RANK[item.role] : undefined) ??
    LAST
  );
}

export function inApplyOrder<T extends { role?: string; manifest: KubeObject }>(
  items: T[],
): T[] {
  return items
    .map((item, index) => ({ item, index, rank: applyRank(item) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}

/** Whether the items already come in apply order (a list sorted once), so need no sorting. */
export function isInApplyOrder(
  items: readonly { role?: string; manifest: KubeObject }[],
): boolean {
  for (let i = 1; i < items.length; i += 1)
    if (applyRank(items[i - 1]) > applyRank(items[i])) return false;
  return true;
}

/** Frozen lists (cached renders) in apply order, sorted once each. */
const sortedOnce = new WeakMap<readonly object[], readonly object[]>();

/**
 * {@link inApplyOrder} of a list that may be a cached render: a frozen one
 * cannot change, so it is sorted on its first pass only.
 */
export function applyOrderOf<T extends { role?: string; manifest: KubeObject }>(
  items: readonly T[],
): readonly T[] {
  const known = sortedOnce.get(items) as readonly T[] | undefined;
  if (known) return known;
  const sorted = inApplyOrder([...items]);
  if (Object.isFrozen(items)) sortedOnce.set(items, Object.freeze(sorted));
  return sorted;
}
