import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import { miniplanesPermissionPolicyModule } from '../permissions/miniplanesPermissionPolicyModule';

/**
 * The catalog's side of the permission framework: resolves conditions on
 * catalog entities with the catalog's own rules, as the catalog backend does.
 * Mounted directly rather than through the permissions registry, whose
 * endpoint wants the calling service as actor of the user's token, which the
 * mock auth service drops.
 */
function catalogPermissionIntegration(entities: Entity[]) {
  return createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      reg.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          httpRouter.use(
            createPermissionIntegrationRouter({
              resourceType: 'catalog-entity',
              rules: Object.values(permissionRules),
              getResources: async refs =>
                refs.map(ref =>
                  entities.find(e => stringifyEntityRef(e) === ref),
                ),
            }),
          );
        },
      });
    },
  });
}

/**
 * The backend features that decide permissions as a deployment does: the
 * permission backend with miniplanes' policy, a catalog of `entities` that
 * resolves its conditions, and users who are members of the groups
 * `memberships` lists for them (as the sign-in resolver puts them in their
 * ownership refs).
 */
export function permissionFramework(options: {
  entities: Entity[];
  memberships: Record<string, string[]>;
}) {
  const { entities, memberships } = options;
  return [
    permissionBackend,
    miniplanesPermissionPolicyModule,
    catalogPermissionIntegration(entities),
    catalogServiceMock.factory({ entities }),
    mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const { userEntityRef } = credentials.principal as {
          userEntityRef: string;
        };
        return {
          userEntityRef,
          ownershipEntityRefs: [
            userEntityRef,
            ...(memberships[userEntityRef] ?? []),
          ],
        };
      },
    }).factory,
  ];
}
