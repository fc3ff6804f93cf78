import { errors } from '../../kube/StatusError';
import { Subresource } from '../../operations/options';
import { ResourceType } from '../../resources/ResourceType';
import { ResourceRoute } from '../routes';

/** Whether this type serves the subresource at all (404 otherwise). */
export function isKnownSubresource(type: ResourceType, subresource: string) {
  if (subresource === 'status') return Boolean(type.subresources.status);
  if (subresource === 'scale') return Boolean(type.subresources.scale);
  if (subresource === 'log') return type.kind === 'Pod';
  if (subresource === 'finalize') return type.kind === 'Namespace';
  return false;
}

/**
 * The subresource a write goes to: `status` and `scale` are written apart
 * from the object, a Namespace's `finalize` writes the whole object; any
 * other (`log`) takes no writes.
 */
export function writeSubresource(route: ResourceRoute): Subresource {
  const { type, subresource } = route;
  const sub =
    subresource === 'status' || subresource === 'scale'
      ? subresource
      : undefined;
  const finalize = subresource === 'finalize' && type.kind === 'Namespace';
  if (subresource && !sub && !finalize) throw errors.methodNotAllowed();
  return sub;
}
