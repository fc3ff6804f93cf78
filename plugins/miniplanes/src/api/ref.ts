import { createApiRef } from '@backstage/frontend-plugin-api';
import { MiniplanesApi } from './types';

/** @public */
export const miniplanesApiRef = createApiRef<MiniplanesApi>().with({
  id: 'miniplanes',
  pluginId: 'miniplanes',
});
