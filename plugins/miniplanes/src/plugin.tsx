import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import {
  FEDERATED_SERVICE_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
} from './annotations';
import { MiniplanesClient, miniplanesApiRef } from './api';
import { evidenceRouteRef, fleetRouteRef, requestsRouteRef } from './routes';

const miniplanesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: miniplanesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MiniplanesClient({ discoveryApi, fetchApi }),
    }),
});

const entityPlacementContent = EntityContentBlueprint.make({
  name: 'placement',
  params: {
    path: '/placement',
    title: 'Placement',
    group: 'deployment',
    // isMiniplanesAvailable's rule, as a declarative filter.
    filter: {
      $any: [
        {
          [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]: {
            $exists: true,
          },
        },
        {
          [`metadata.annotations.${FEDERATED_SERVICE_ANNOTATION}`]: {
            $exists: true,
          },
        },
      ],
    },
    loader: () =>
      import('./components/EntityPlacementContent').then(m => (
        <m.EntityPlacementContent />
      )),
  },
});

const fleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/miniplanes/fleet',
    routeRef: fleetRouteRef,
    title: 'Fleet',
    icon: <CloudQueueIcon />,
    noHeader: true,
    loader: () => import('./components/FleetPage').then(m => <m.FleetPage />),
  },
});

const requestsPage = PageBlueprint.make({
  name: 'requests',
  params: {
    path: '/miniplanes/requests',
    routeRef: requestsRouteRef,
    title: 'Placement requests',
    icon: <AssignmentTurnedInIcon />,
    noHeader: true,
    loader: () =>
      import('./components/RequestsPage').then(m => <m.RequestsPage />),
  },
});

// Opened from a service's Placement tab (?entity=), so it has no nav item.
const evidencePage = PageBlueprint.make({
  name: 'evidence',
  params: {
    path: '/miniplanes/evidence',
    routeRef: evidenceRouteRef,
    title: 'Data residency evidence',
    noHeader: true,
    loader: () =>
      import('./components/EvidencePage').then(m => <m.EvidencePage />),
  },
});

/**
 * The miniplanes frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const miniplanesPlugin = createFrontendPlugin({
  pluginId: 'miniplanes',
  extensions: [
    miniplanesApi,
    entityPlacementContent,
    fleetPage,
    requestsPage,
    evidencePage,
  ],
  routes: {
    fleet: fleetRouteRef,
    requests: requestsRouteRef,
    evidence: evidenceRouteRef,
  },
});
