import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';

/**
 * The miniplanes backend plugin.
 *
 * @public
 */
export const miniplanesPlugin = createBackendPlugin({
  pluginId: 'miniplanes',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
      },
      async init({ httpRouter }) {
        httpRouter.use(await createRouter());
      },
    });
  },
});
