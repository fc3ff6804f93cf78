import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Filing a placement request for a catalog entity. Resource-aware: the
 * default policy allows it to the entity's owners.
 *
 * @public
 */
export const miniplanesRequestCreatePermission = createPermission({
  name: 'miniplanes.request.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Approving or rejecting placement requests. The default policy grants it to
 * the configured approver group; nobody may decide their own request, whatever
 * the policy says.
 *
 * @public
 */
export const miniplanesRequestDecidePermission = createPermission({
  name: 'miniplanes.request.decide',
  attributes: { action: 'update' },
});

/**
 * Filing a placement request whose version applies objects that act on a
 * whole cluster: cluster-scoped RBAC, admission webhooks,
 * CustomResourceDefinitions, PriorityClasses, any cluster-scoped kind. Asked
 * on top of {@link miniplanesRequestCreatePermission}; the default policy
 * grants it to the approver group.
 *
 * @public
 */
export const miniplanesRequestPrivilegedPermission = createPermission({
  name: 'miniplanes.request.privileged',
  attributes: { action: 'create' },
});

/**
 * Every permission miniplanes defines, for registration with the permission
 * framework.
 *
 * @public
 */
export const miniplanesPermissions = [
  miniplanesRequestCreatePermission,
  miniplanesRequestDecidePermission,
  miniplanesRequestPrivilegedPermission,
];
