import { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector } from '../faults/FaultInjector';
import { StatusError, errors } from '../kube/StatusError';
import { Operations } from '../operations/Operations';
import { Authenticator } from '../security/auth';
import { AdminHandler } from './adminRoutes';
import { serveDiscovery } from './discoveryRoutes';
import {
  bearerToken,
  dropConnection,
  readBody,
  sendJson,
  sendStatusError,
} from './http';
import { serveResource } from './resourceRequest';
import { parseResourcePath } from './routes';
import { WatchHub } from './watch';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kube-sim',
  gitCommit: 'kube-sim',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Paths every client may read without a token. */
const PUBLIC_PATHS = ['version', 'healthz', 'livez', 'readyz'];

export type ApiHandlerDeps = {
  ops: Operations;
  auth: Authenticator;
  faults: FaultInjector;
  watches: WatchHub;
  admin: AdminHandler;
};

/** The request handler of one simulated cluster's API server. */
export function createApiHandler(deps: ApiHandlerDeps) {
  const { ops, auth, faults } = deps;

  return async (req: IncomingMessage, res: ServerResponse) => {
    if (faults.isPartitioned(bearerToken(req)) || faults.outage === 'reset') {
      dropConnection(req);
      return;
    }
    if (faults.outage === 'hang') return;
    try {
      const url = new URL(req.url ?? '/', 'https://kube-sim');
      const segments = url.pathname.split('/').filter(Boolean);
      const path = segments.join('/');
      if (PUBLIC_PATHS.includes(path)) {
        if (path === 'version') sendJson(res, 200, SERVER_VERSION);
        else {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end('ok');
        }
        return;
      }
      const grant = auth.authenticate(req.headers.authorization);
      const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '')
        ? await readBody(req)
        : Buffer.alloc(0);
      if (segments[0] === '_sim') {
        if (!auth.isAdmin(grant))
          throw new StatusError(
            403,
            'Forbidden',
            'the kube-sim admin API needs the admin token',
          );
        await deps.admin(req, res, segments.slice(1), body);
        return;
      }
      if (serveDiscovery(ops.registry, req, res, segments)) return;
      const route = parseResourcePath(ops.registry, segments);
      if (!route) throw errors.pathNotFound();
      await serveResource(deps, req, res, route, url, grant, body);
    } catch (error) {
      if (error instanceof StatusError) sendStatusError(res, error);
      else {
        sendStatusError(
          res,
          new StatusError(
            500,
            'InternalError',
            `Internal error occurred: ${(error as Error).message}`,
          ),
        );
      }
    }
  };
}
