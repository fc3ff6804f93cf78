import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  miniplanesRequestCreatePermission,
  miniplanesRequestDecidePermission,
  miniplanesRequestPrivilegedPermission,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * The default policy: an entity's owners (directly or through a
 * group) may request placement changes for it; members of the approver group
 * may approve or reject, and file versions that apply cluster-wide kinds
 * (`miniplanes.request.privileged`); everything else is allowed. Exported so a backend
 * with a policy of its own can delegate miniplanes' permissions to it.
 *
 * @public
 */
export class MiniplanesPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      /** A full group entity ref, e.g. group:default/platform-team. */
      approverGroup: string;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const createsRequest = isPermission(
      permission,
      miniplanesRequestCreatePermission,
    );
    // Deciding and filing cluster-wide kinds are the platform team's.
    const forApprovers =
      isPermission(permission, miniplanesRequestDecidePermission) ||
      isPermission(permission, miniplanesRequestPrivilegedPermission);
    if (!createsRequest && !forApprovers) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) return { result: AuthorizeResult.DENY };
    // PolicyQueryUser.info is deprecated; the user info service is the way in.
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      user.credentials,
    );
    if (createsRequest) {
      // The catalog resolves the condition against the entity's owner relations.
      return createCatalogConditionalDecision(
        miniplanesRequestCreatePermission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    const approver = this.options.approverGroup.toLocaleLowerCase('en-US');
    return ownershipEntityRefs.some(
      ref => ref.toLocaleLowerCase('en-US') === approver,
    )
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY };
  }
}
