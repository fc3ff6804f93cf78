import { describeObject } from '../cluster/objectIdentity';
import { InventoryEntry } from '../store/InventoryStore';

/** `Kind namespace/name` of an object the inventory records, for messages. */
export function describeEntry(entry: InventoryEntry): string {
  return describeObject({
    kind: entry.kind,
    metadata: { name: entry.name, namespace: entry.namespace },
  });
}
