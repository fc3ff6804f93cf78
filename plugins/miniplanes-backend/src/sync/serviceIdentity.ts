import { serviceLabelValue } from '@miniplanes/plugin-miniplanes-common';
import {
  INSTALLATION_LABEL,
  MANAGED_BY_LABEL,
  MANAGER,
  PORTAL_ANNOTATION,
  SERVICE_LABEL,
} from '../cluster/labels';
import { KubeObject } from '../cluster/objectIdentity';

/**
 * Whether a live object bears the ownership labels of this service's
 * objects in this installation: what makes an object miniplanes claimed but
 * never heard back about (the inventory holds no uid for it) the one it
 * applied. Another installation's object of the same service is not (nor
 * one written before objects named their installation).
 */
export function carriesIdentityOfService(
  live: KubeObject,
  entityRef: string,
  installation: string,
): boolean {
  const labels = live.metadata.labels ?? {};
  return (
    labels[MANAGED_BY_LABEL] === MANAGER &&
    labels[SERVICE_LABEL] === serviceLabelValue(entityRef) &&
    labels[INSTALLATION_LABEL] === installation
  );
}

/** The other miniplanes installation that wrote a live object, if one did, in words. */
export function otherInstallation(
  live: KubeObject,
  installation: string,
): string | undefined {
  const labels = live.metadata.labels ?? {};
  const writer = labels[INSTALLATION_LABEL];
  if (
    labels[MANAGED_BY_LABEL] !== MANAGER ||
    writer === undefined ||
    writer === installation
  )
    return undefined;
  const portal = live.metadata.annotations?.[PORTAL_ANNOTATION];
  return portal
    ? `the one of the portal at ${portal}, installation ${writer}`
    : `installation ${writer}`;
}
