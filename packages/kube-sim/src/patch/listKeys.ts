/**
 * Merge keys of the associative lists in built-in types (the `patchMergeKey` /
 * `listMapKeys` of Kubernetes' API types), looked up by field name. Strategic
 * merge patch and server-side apply both merge these lists item by item;
 * every other list is atomic.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  resourceClaims: 'name',
};

/** `ports` merge on containerPort in containers and on port in Services. */
export function mergeKeyFor(
  field: string,
  items: unknown[],
): string | undefined {
  if (field === 'ports') {
    const first = items.find(i => i && typeof i === 'object') as
      | Record<string, unknown>
      | undefined;
    if (!first) return undefined;
    if ('containerPort' in first) return 'containerPort';
    if ('port' in first) return 'port';
    return undefined;
  }
  return MERGE_KEYS[field];
}

/** Lists of scalars merged as sets rather than replaced. */
export const SET_LISTS = new Set(['finalizers']);
