import { InventoryEntry } from '../store/InventoryStore';

/** A service's applied Deployment in namespace `shop`, as the inventory records one. */
export function inventoryEntry(
  entityRef: string,
  name: string,
  cluster = 'eu-west',
): InventoryEntry {
  return {
    cluster,
    objectKey: `apps/Deployment/shop/${name}`,
    entityRef,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'shop',
    name,
    role: 'compute',
    data: false,
    state: 'applied',
    specVersion: 1,
  };
}
