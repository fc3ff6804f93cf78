import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';

/**
 * The decision a policy answers when the catalog must judge: allowed for
 * the catalog entities one of the `claims` (a user and their groups) owns.
 */
export function isEntityOwnerDecision(
  claims: string[],
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims },
    },
  };
}
