import { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../kube/StatusError';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryVersion,
  AGGREGATED_DISCOVERY_V2,
  AGGREGATED_DISCOVERY_V2BETA1,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery';
import { sendJson } from './http';
import { openApiGroupVersion, openApiRoot } from './openapi';

/**
 * Answers discovery (`/api`, `/apis`, `/api/v1`, `/apis/G[/V]`) and
 * `/openapi/v3`; false when the request is for something else.
 */
export function serveDiscovery(
  registry: ResourceRegistry,
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
): boolean {
  if (req.method !== 'GET') return false;
  const accept = req.headers.accept;
  const [root, a, b, c] = segments;
  if ((root === 'api' || root === 'apis') && segments.length === 1) {
    const aggregated = aggregatedDiscoveryVersion(accept);
    if (aggregated) {
      sendJson(
        res,
        200,
        aggregatedDiscovery(registry, root === 'api', aggregated),
        aggregated === 'v2'
          ? AGGREGATED_DISCOVERY_V2
          : AGGREGATED_DISCOVERY_V2BETA1,
      );
    } else
      sendJson(
        res,
        200,
        root === 'api' ? apiVersions() : apiGroupList(registry),
      );
    return true;
  }
  if (root === 'api' && segments.length === 2) {
    const list = apiResourceList(registry, '', a);
    if (!list) throw errors.pathNotFound();
    sendJson(res, 200, list);
    return true;
  }
  if (root === 'apis' && segments.length === 2) {
    const group = apiGroup(registry, a);
    if (!group) throw errors.pathNotFound();
    sendJson(res, 200, group);
    return true;
  }
  if (root === 'apis' && segments.length === 3) {
    const list = apiResourceList(registry, a, b);
    if (!list) throw errors.pathNotFound();
    sendJson(res, 200, list);
    return true;
  }
  if (root === 'openapi') {
    if (a !== 'v3') throw errors.pathNotFound();
    if (segments.length === 2) {
      sendJson(res, 200, openApiRoot(registry));
      return true;
    }
    const doc =
      b === 'api'
        ? openApiGroupVersion(registry, '', c)
        : openApiGroupVersion(registry, c, segments[4]);
    if (!doc) throw errors.pathNotFound();
    sendJson(res, 200, doc);
    return true;
  }
  return false;
}
