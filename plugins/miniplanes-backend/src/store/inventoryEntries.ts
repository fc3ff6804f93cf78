import { KubeObject } from '../cluster/objectIdentity';
import { InventoryEntry } from './InventoryStore';

/** Kinds whose objects are data whatever role a version gives them: deleting them deletes storage. */
const DATA_KINDS = new Set(['/PersistentVolumeClaim', '/PersistentVolume']);

/** Whether an object holds data by its kind alone. */
export function isDataKind(apiVersion: string, kind: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return DATA_KINDS.has(`${group}/${kind}`);
}

/** Whether the inventory says an object is data, by any approved version or by its kind. */
export function holdsData(entry: InventoryEntry): boolean {
  return entry.data || isDataKind(entry.apiVersion, entry.kind);
}

/** The object an inventory entry names, to read or delete it. */
export function refOf(entry: InventoryEntry): KubeObject {
  return {
    apiVersion: entry.apiVersion,
    kind: entry.kind,
    metadata: {
      name: entry.name,
      ...(entry.namespace ? { namespace: entry.namespace } : {}),
    },
  };
}
