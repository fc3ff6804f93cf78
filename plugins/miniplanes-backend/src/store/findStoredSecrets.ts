import { parseFederatedService } from '@miniplanes/plugin-miniplanes-common';
import { MiniplanesStore } from './MiniplanesStore';

/** A stored document that carries secret values, where, and why it matters. */
export interface StoredSecret {
  entityRef: string;
  /** The current spec, or a request's proposal. */
  where: string;
  path: string;
}

/**
 * Stored specs and pending proposals that carry secret values: written before
 * miniplanes refused them. They are reported at start-up so the operator can
 * rotate the secrets and file a version without them.
 */
export async function findStoredSecrets(
  store: MiniplanesStore,
): Promise<StoredSecret[]> {
  const found: StoredSecret[] = [];
  const check = (entityRef: string, where: string, spec: unknown) => {
    const parsed = parseFederatedService(spec);
    if (parsed.ok) return;
    for (const issue of parsed.issues) {
      if (issue.message.startsWith('a FederatedService must not carry secret'))
        found.push({ entityRef, where, path: issue.path });
    }
  };
  for (const service of await store.listServices()) {
    check(
      service.entityRef,
      `spec version ${service.specVersion}`,
      service.spec,
    );
  }
  for (const request of await store.listRequests({ status: 'pending' })) {
    check(request.entityRef, `pending request ${request.id}`, request.spec);
  }
  return found;
}
