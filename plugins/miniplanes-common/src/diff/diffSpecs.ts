import diff from 'microdiff';
import { formatPath } from '../model/issues';
import { FederatedService } from '../model/types';

/**
 * One field a proposal changes: where, and its value before and after.
 *
 * @public
 */
export interface SpecChange {
  /** The field, as validation names it: `spec.resources["Deployment ui"].manifest.spec.replicas`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/**
 * What a proposed FederatedService changes in another (the current one),
 * field by field: approvers see more than where replicas go (an image, a
 * limit, a variable). Resources are matched by kind and name, not by
 * position, so reordering them changes nothing.
 *
 * @public
 */
export function diffSpecs(
  current: FederatedService,
  proposed: FederatedService,
): SpecChange[] {
  return diff(byResource(current), byResource(proposed)).map(change => {
    const path = formatPath(change.path);
    if (change.type === 'CREATE')
      return { path, kind: 'added', after: change.value };
    if (change.type === 'REMOVE')
      return { path, kind: 'removed', before: change.oldValue };
    return {
      path,
      kind: 'changed',
      before: change.oldValue,
      after: change.value,
    };
  });
}

/** The service with its resources keyed by kind and name. */
function byResource(service: FederatedService) {
  return {
    ...service,
    spec: {
      ...service.spec,
      resources: Object.fromEntries(
        service.spec.resources.map(resource => [
          `${resource.manifest.kind} ${resource.manifest.metadata.name}`,
          resource,
        ]),
      ),
    },
  };
}
