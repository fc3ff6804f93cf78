import { serviceLabelValue } from '@miniplanes/plugin-miniplanes-common';
import { MANAGED_BY_LABEL, MANAGER, SERVICE_LABEL } from '../cluster/labels';
import { KubeObject } from '../cluster/objectIdentity';

/**
 * Whether a live object bears the ownership labels of this service's
 * objects: what makes an object miniplanes claimed but never heard back
 * about (the inventory holds no uid for it) the one it applied.
 */
export function carriesIdentityOfService(
  live: KubeObject,
  entityRef: string,
): boolean {
  const labels = live.metadata.labels ?? {};
  return (
    labels[MANAGED_BY_LABEL] === MANAGER &&
    labels[SERVICE_LABEL] === serviceLabelValue(entityRef)
  );
}
