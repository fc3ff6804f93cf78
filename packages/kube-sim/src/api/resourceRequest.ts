import { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector } from '../faults/FaultInjector';
import { errors } from '../kube/StatusError';
import { Verb } from '../kube/types';
import { Authenticator, TokenGrant } from '../security/auth';
import { cutMidBody } from './connectionDrop';
import { serveCreate } from './handlers/create';
import { serveDelete, serveDeleteCollection } from './handlers/delete';
import { serveGet } from './handlers/get';
import { serveList } from './handlers/list';
import { servePatch } from './handlers/patch';
import { HandlerDeps, VerbHandler } from './handlers/request';
import { isKnownSubresource } from './handlers/subresources';
import { serveUpdate } from './handlers/update';
import { serveWatchRequest } from './handlers/watch';
import { parseBool, ResourceRoute, verbFor } from './routes';

const HANDLERS: Record<Verb, VerbHandler> = {
  get: serveGet,
  list: serveList,
  watch: serveWatchRequest,
  create: serveCreate,
  update: serveUpdate,
  patch: servePatch,
  delete: serveDelete,
  deletecollection: serveDeleteCollection,
};

export type ResourceRequestDeps = HandlerDeps & {
  auth: Authenticator;
  faults: FaultInjector;
};

/**
 * A request on a resource path: the verb, what the token may do, the
 * request faults (latency, injected errors, a connection cut mid-response),
 * then the verb's handler.
 */
export async function serveResource(
  deps: ResourceRequestDeps,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  url: URL,
  grant: TokenGrant,
  body: Buffer,
) {
  const { auth, faults } = deps;
  const query = url.searchParams;
  const verb = verbFor(
    req.method ?? 'GET',
    route,
    parseBool(query.get('watch')),
  );
  const { type, namespace, subresource } = route;
  if (!type.verbs.includes(verb)) throw errors.methodNotAllowed();
  auth.authorize(grant, verb, type, namespace);
  const info = { verb, resource: type.resource, namespace };
  const delay = faults.delayFor(info);
  if (delay) await new Promise(r => setTimeout(r, delay));
  const injected = faults.errorFor(info);
  if (injected) throw injected;
  const drop = faults.connectionDropFor(info);
  if (drop) cutMidBody(res);
  if (subresource && !isKnownSubresource(type, subresource))
    throw errors.pathNotFound();
  HANDLERS[verb](deps, {
    req,
    res,
    route,
    query,
    grant,
    body,
    forcedDryRun: Boolean(drop && !drop.afterCommit),
  });
}
