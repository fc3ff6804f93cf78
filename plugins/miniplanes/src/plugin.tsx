import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { MiniplanesClient, miniplanesApiRef } from './api';

const fleetRouteRef = createRouteRef();
const requestsRouteRef = createRouteRef();

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
    // Entities that run on Kubernetes, or say which federated service they are.
    filter: {
      $any: [
        {
          'metadata.annotations.backstage.io/kubernetes-id': { $exists: true },
        },
        {
          'metadata.annotations.miniplanes.io/federated-service': {
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

/**
 * The miniplanes frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const miniplanesPlugin = createFrontendPlugin({
  pluginId: 'miniplanes',
  extensions: [miniplanesApi, entityPlacementContent, fleetPage, requestsPage],
  routes: { fleet: fleetRouteRef, requests: requestsRouteRef },
});
