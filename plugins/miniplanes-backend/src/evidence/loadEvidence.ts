import { FleetService } from '../fleet/FleetService';
import { InventoryStore } from '../store/InventoryStore';
import { MiniplanesStore } from '../store/MiniplanesStore';
import { buildEvidence } from './buildEvidence';
import { ServiceEvidence } from '@miniplanes/plugin-miniplanes-common';

/**
 * Gathers a service's audit trail from the store (versions, requests,
 * history, releases, inventory) and makes the auditor's export of it;
 * undefined when miniplanes has no such service.
 */
export async function loadEvidence(
  deps: {
    store: MiniplanesStore;
    inventory: InventoryStore;
    fleet: FleetService;
    now?: () => Date;
  },
  entityRef: string,
): Promise<ServiceEvidence | undefined> {
  const { store, inventory, fleet } = deps;
  if (!(await store.getService(entityRef))) return undefined;
  return buildEvidence({
    entityRef,
    versions: await store.listVersions(entityRef),
    requests: await store.listRequests({ entityRef }),
    events: await store.listEvents({ entityRef }),
    releases: await inventory.listReleases(entityRef),
    inventory: await inventory.list({ entityRefs: [entityRef] }),
    fleet: fleet.getFleet(),
    now: deps.now?.() ?? new Date(),
  });
}
