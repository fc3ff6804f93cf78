import { objectKey } from '../../cluster/objectIdentity';
import { InventoryEntry } from '../../store/InventoryStore';

/**
 * What the inventory records of a service's object in a cluster, keyed as
 * the sync keys it; it held data if its role was data, unless told.
 */
export function inventoryEntry(
  owner: { cluster: string; entityRef: string },
  object: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
  },
  record: Pick<InventoryEntry, 'role' | 'state'> & Partial<InventoryEntry>,
): InventoryEntry {
  return {
    ...owner,
    ...object,
    objectKey: objectKey({
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: { name: object.name, namespace: object.namespace },
    }),
    data: record.role === 'data',
    ...record,
  };
}
