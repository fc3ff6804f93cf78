import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { miniplanesRequestDecidePermission } from '@miniplanes/plugin-miniplanes-common';

/** What one caller may read of miniplanes' services and requests. */
export interface ReadScope {
  /** The entity refs among these the caller may read in the catalog. */
  readable(entityRefs: readonly string[]): Promise<Set<string>>;
  /** Whether the caller may read every entity, whichever: no list needs filtering then. */
  readsEverything(): Promise<boolean>;
  /** Approvers read every request: they must see what they decide. */
  isApprover(): Promise<boolean>;
}

/**
 * Reads scoped by the catalog's own read permission: a service's spec,
 * status, history, requests and evidence are visible to whoever may read its
 * catalog entity. The permission framework resolves the catalog's
 * conditional decisions (ownership, a label) against each entity, so a
 * policy that hides entities hides their placement too.
 */
export function readScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): ReadScope {
  let approver: Promise<boolean> | undefined;
  let overall: Promise<AuthorizeResult> | undefined;
  // One answer for every entity unless the policy's depends on the entity:
  // a fleet of 10,000 services is not 10,000 checks then. The permission
  // backend refuses that question from a user's own token (no acting
  // plugin), so then every entity is asked about.
  const overallResult = () => {
    overall ??= permissions
      .authorizeConditional([{ permission: catalogEntityReadPermission }], {
        credentials,
      })
      .then(
        ([d]) => d.result,
        () => AuthorizeResult.CONDITIONAL,
      );
    return overall;
  };
  return {
    async readsEverything() {
      return (await overallResult()) === AuthorizeResult.ALLOW;
    },
    async readable(entityRefs) {
      const unique = [...new Set(entityRefs)];
      if (unique.length === 0) return new Set();
      const result = await overallResult();
      if (result === AuthorizeResult.ALLOW) return new Set(unique);
      if (result === AuthorizeResult.DENY) return new Set();
      const decisions = await permissions.authorize(
        unique.map(resourceRef => ({
          permission: catalogEntityReadPermission,
          resourceRef,
        })),
        { credentials },
      );
      return new Set(
        unique.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
      );
    },
    isApprover() {
      approver ??= permissions
        .authorize([{ permission: miniplanesRequestDecidePermission }], {
          credentials,
        })
        .then(([d]) => d.result === AuthorizeResult.ALLOW);
      return approver;
    },
  };
}
