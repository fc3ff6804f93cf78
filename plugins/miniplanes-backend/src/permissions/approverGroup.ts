import { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

const DEFAULT_APPROVER_GROUP = 'group:default/platform-team';

/**
 * The group whose members approve placement requests
 * (`miniplanes.approvers.group`), as a full entity ref: the policy compares it
 * with ownership refs, the notifications send to it.
 */
export function readApproverGroup(config: RootConfigService): string {
  const configured =
    config.getOptionalString('miniplanes.approvers.group') ??
    DEFAULT_APPROVER_GROUP;
  const ref = parseEntityRef(configured, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new Error(
      `miniplanes.approvers.group must be a group entity ref such as ${DEFAULT_APPROVER_GROUP}, got ${JSON.stringify(
        configured,
      )}`,
    );
  }
  return stringifyEntityRef(ref);
}
