import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * The miniplanes frontend plugin for Backstage's new frontend system.
 *
 * @public
 */
export const miniplanesPlugin = createFrontendPlugin({
  pluginId: 'miniplanes',
  extensions: [],
});
