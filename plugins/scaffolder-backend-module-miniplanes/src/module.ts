import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { MiniplanesClient } from './client/MiniplanesClient';
import {
  createServiceAction,
  requestPlacementAction,
  waitForRequestAction,
} from './actions';

/**
 * The miniplanes scaffolder module: registers miniplanes' template actions.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  moduleId: 'miniplanes',
  pluginId: 'scaffolder',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolderActions, discovery, auth, catalog }) {
        const client = new MiniplanesClient({ discovery, auth });
        scaffolderActions.addActions(
          createServiceAction({ client, catalog }),
          requestPlacementAction({ client }),
          waitForRequestAction({ client }),
        );
      },
    });
  },
});
