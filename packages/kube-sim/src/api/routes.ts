import { ResourceRegistry } from '../resources/ResourceRegistry';
import { ResourceType } from '../resources/ResourceType';
import { Verb } from '../kube/types';
import { errors } from '../kube/StatusError';

/** A request for a resource, its collection or a subresource. */
export type ResourceRoute = {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
};

/**
 * Parses `/api/v1[/namespaces/NS]/RES[/NAME[/SUB]]` and the `/apis/G/V/...`
 * equivalent. Returns undefined for paths that are not resource paths.
 */
export function parseResourcePath(
  registry: ResourceRegistry,
  segments: string[],
): ResourceRoute | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespaced = registry.find(group, version, rest[2]);
    if (namespaced?.namespaced) {
      if (rest.length > 5) throw errors.pathNotFound();
      return {
        type: namespaced,
        namespace: rest[1],
        name: rest[3],
        subresource: rest[4],
      };
    }
  }
  const type = registry.find(group, version, rest[0]);
  if (!type || rest.length > 3) throw errors.pathNotFound();
  return { type, name: rest[1], subresource: rest[2] };
}

export function verbFor(
  method: string,
  route: ResourceRoute,
  watch: boolean,
): Verb {
  switch (method) {
    case 'GET':
      if (watch) return 'watch';
      return route.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      throw errors.methodNotAllowed();
  }
}

/** Go's strconv.ParseBool, which the API server uses for query flags (python sends `True`). */
export function parseBool(value: string | null): boolean {
  return (
    value !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)
  );
}
