import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

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
      },
      async init({ scaffolderActions }) {
        scaffolderActions.addActions();
      },
    });
  },
});
