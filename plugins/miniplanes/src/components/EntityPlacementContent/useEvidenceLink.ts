import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { useRouteRef } from '@backstage/core-plugin-api';
import { evidenceRouteRef } from '../../routes';

const evidencePage = convertLegacyRouteRef(evidenceRouteRef);

/**
 * The evidence page's URL for a service, in either frontend system;
 * undefined when the app does not mount the page.
 */
export function useEvidenceLink(entityRef: string): string | undefined {
  try {
    return `${useRouteRef(evidencePage)()}?entity=${encodeURIComponent(
      entityRef,
    )}`;
  } catch {
    // Thrown after the hook's own hooks ran, so the hook order is stable.
    return undefined;
  }
}
