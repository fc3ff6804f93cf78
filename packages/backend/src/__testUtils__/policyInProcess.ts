import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { MiniplanesPermissionPolicy } from '@miniplanes/plugin-miniplanes-backend';

const isAllowedForEntity = createConditionAuthorizer(
  Object.values(permissionRules),
);

/**
 * The demo's permission policy, decided in process with the catalog's own
 * rules on the real catalog's entities, as the permission backend would.
 * Tests need it because the mock auth service drops the calling plugin from
 * a user's on-behalf-of token, so the real permission backend refuses the
 * catalog's conditional queries.
 */
export const policyInProcess = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    userInfo: coreServices.userInfo,
    catalog: catalogServiceRef,
    config: coreServices.rootConfig,
  },
  factory({ auth, userInfo, catalog, config }): PermissionsService {
    const policy = new MiniplanesPermissionPolicy({
      userInfo,
      approverGroup: config.getString('miniplanes.approvers.group'),
    });
    const decide = async (
      permission: Permission,
      credentials: BackstageCredentials,
    ): Promise<PolicyDecision> => {
      if (!auth.isPrincipal(credentials, 'user')) {
        return { result: AuthorizeResult.ALLOW };
      }
      const user = {
        credentials,
        info: await userInfo.getUserInfo(credentials),
      } as PolicyQueryUser;
      return policy.handle({ permission }, user);
    };
    return {
      async authorize(requests, { credentials }) {
        return Promise.all(
          requests.map(async request => {
            const decision = await decide(request.permission, credentials);
            if (decision.result !== AuthorizeResult.CONDITIONAL) {
              return { result: decision.result };
            }
            const resourceRef = isResourcePermission(request.permission)
              ? (request as { resourceRef?: string }).resourceRef
              : undefined;
            const entity =
              resourceRef &&
              (await catalog.getEntityByRef(resourceRef, {
                credentials: await auth.getOwnServiceCredentials(),
              }));
            return {
              result:
                entity && isAllowedForEntity(decision, entity)
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          }),
        );
      },
      async authorizeConditional(queries, { credentials }) {
        return Promise.all(
          queries.map(query => decide(query.permission, credentials)),
        ) as ReturnType<PermissionsService['authorizeConditional']>;
      },
    };
  },
});
