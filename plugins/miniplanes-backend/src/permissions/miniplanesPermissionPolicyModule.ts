import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readApproverGroup } from './approverGroup';
import { MiniplanesPermissionPolicy } from './MiniplanesPermissionPolicy';

/**
 * Installs {@link MiniplanesPermissionPolicy} as the permission backend's
 * policy, in place of an allow-all one. A backend has exactly one policy.
 *
 * @public
 */
export const miniplanesPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'miniplanes-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        policy.setPolicy(
          new MiniplanesPermissionPolicy({
            userInfo,
            approverGroup: readApproverGroup(config),
          }),
        );
      },
    });
  },
});
