import { ResourceRole } from '../model/types';

/** Labels miniplanes puts on everything it renders. @public */
export const MINIPLANES_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  service: 'miniplanes.io/service',
  role: 'miniplanes.io/role',
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;

/** The value of `app.kubernetes.io/managed-by` on objects miniplanes manages. @public */
export const MINIPLANES_MANAGER = 'miniplanes';

/**
 * A label-safe form of an entity reference: `component:default/storage` →
 * `component.default.storage` (labels allow no ':' or '/').
 *
 * @public
 */
export function serviceLabelValue(entityRef: string): string {
  return entityRef
    .toLowerCase()
    .replace(/[:/]/g, '.')
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/, '');
}

/** The entity name of a reference: what Backstage's Kubernetes plugin matches pods by. */
export function entityName(entityRef: string): string {
  return entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

export function ownershipLabels(
  entityRef: string,
  role: ResourceRole,
): Record<string, string> {
  return {
    [MINIPLANES_LABELS.managedBy]: MINIPLANES_MANAGER,
    [MINIPLANES_LABELS.service]: serviceLabelValue(entityRef),
    [MINIPLANES_LABELS.role]: role,
    [MINIPLANES_LABELS.kubernetesId]: entityName(entityRef),
  };
}
