import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { useRouteRef } from '@backstage/core-plugin-api';
import { requestsRouteRef } from '../routes';

const requestsPage = convertLegacyRouteRef(requestsRouteRef);

/**
 * The Placement requests page's URL, in either frontend system (the legacy
 * hook resolves through both); undefined when the app does not mount it.
 */
export function useRequestsPageLink(): string | undefined {
  try {
    return useRouteRef(requestsPage)();
  } catch {
    // Thrown after the hook's own hooks ran, so the hook order is stable.
    return undefined;
  }
}
