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
