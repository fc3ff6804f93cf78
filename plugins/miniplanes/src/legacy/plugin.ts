import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { JSX } from 'react';
import { MiniplanesClient, miniplanesApiRef } from '../api';
import { evidenceRouteRef, fleetRouteRef, requestsRouteRef } from '../routes';

// The very refs the new system uses (converted in place), so that links
// such as the request dialog's resolve in both systems.
const fleetPageRouteRef = convertLegacyRouteRef(fleetRouteRef);
const requestsPageRouteRef = convertLegacyRouteRef(requestsRouteRef);
const evidencePageRouteRef = convertLegacyRouteRef(evidenceRouteRef);

/** Where a legacy app mounts the Placement tab. @public */
export const entityPlacementRouteRef = createRouteRef({
  id: 'miniplanes-entity-placement',
});

/**
 * The miniplanes plugin for Backstage's legacy frontend system. The package's
 * default export is the new frontend system's plugin.
 *
 * @public
 */
export const miniplanesLegacyPlugin = createPlugin({
  id: 'miniplanes',
  apis: [
    createApiFactory({
      api: miniplanesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MiniplanesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: entityPlacementRouteRef,
    fleet: fleetPageRouteRef,
    requests: requestsPageRouteRef,
    evidence: evidencePageRouteRef,
  },
});

/**
 * The entity page's Placement tab, for legacy apps:
 * `<EntityLayout.Route path="/placement" title="Placement" if={isMiniplanesAvailable}>`.
 *
 * @public
 */
export const EntityPlacementContent: () => JSX.Element =
  miniplanesLegacyPlugin.provide(
    createRoutableExtension({
      name: 'EntityPlacementContent',
      component: () =>
        import('../components/EntityPlacementContent').then(
          m => m.EntityPlacementContent,
        ),
      mountPoint: entityPlacementRouteRef,
    }),
  );

/**
 * The Fleet page, for legacy apps: `<Route path="/miniplanes/fleet" element={<MiniplanesFleetPage />} />`.
 *
 * @public
 */
export const MiniplanesFleetPage: () => JSX.Element =
  miniplanesLegacyPlugin.provide(
    createRoutableExtension({
      name: 'MiniplanesFleetPage',
      component: () => import('../components/FleetPage').then(m => m.FleetPage),
      mountPoint: fleetPageRouteRef,
    }),
  );

/**
 * The Placement requests page, for legacy apps:
 * `<Route path="/miniplanes/requests" element={<MiniplanesRequestsPage />} />`.
 *
 * @public
 */
export const MiniplanesRequestsPage: () => JSX.Element =
  miniplanesLegacyPlugin.provide(
    createRoutableExtension({
      name: 'MiniplanesRequestsPage',
      component: () =>
        import('../components/RequestsPage').then(m => m.RequestsPage),
      mountPoint: requestsPageRouteRef,
    }),
  );

/**
 * The printable evidence for auditors, for legacy apps:
 * `<Route path="/miniplanes/evidence" element={<MiniplanesEvidencePage />} />`.
 *
 * @public
 */
export const MiniplanesEvidencePage: () => JSX.Element =
  miniplanesLegacyPlugin.provide(
    createRoutableExtension({
      name: 'MiniplanesEvidencePage',
      component: () =>
        import('../components/EvidencePage').then(m => m.EvidencePage),
      mountPoint: evidencePageRouteRef,
    }),
  );
