import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  MiniplanesExtensionPoint,
  miniplanesExtensionPoint,
} from '../extensionPoints';

/** A test's backend module for miniplanes: `extend` adds to it what the test needs. */
export function miniplanesModule(
  moduleId: string,
  extend: (miniplanes: MiniplanesExtensionPoint) => void,
) {
  return createBackendModule({
    pluginId: 'miniplanes',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { miniplanes: miniplanesExtensionPoint },
        async init({ miniplanes }) {
          extend(miniplanes);
        },
      });
    },
  });
}
