import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { miniplanesRequestPrivilegedPermission } from '@miniplanes/plugin-miniplanes-common';
import { PrivilegedObject } from '../requests/privilegedObjects';

/**
 * Refuses, with 403 naming each object, a filing whose version applies
 * objects that act on a whole cluster when the caller lacks
 * `miniplanes.request.privileged`: miniplanes writes them with its own write
 * access to every placed cluster.
 */
export async function authorizePrivilegedFiling(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  /** The version's privileged objects (RequestService.privilegedObjectsOf). */
  privileged: PrivilegedObject[];
}): Promise<void> {
  const clusterWide = options.privileged.filter(o => o.clusterWide);
  if (clusterWide.length === 0) return;
  const [decision] = await options.permissions.authorize(
    [{ permission: miniplanesRequestPrivilegedPermission }],
    { credentials: options.credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return;
  throw new NotAllowedError(
    `filing ${clusterWide
      .map(o => `${o.path} (${o.kind} ${o.name}: ${o.reason})`)
      .join(', ')} needs the permission ${
      miniplanesRequestPrivilegedPermission.name
    }: these objects act on the whole cluster. Leave them out, or ask someone who holds it (by default the approver group) to file this version`,
  );
}
