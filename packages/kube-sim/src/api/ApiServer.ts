import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { Authenticator, TokenGrant } from '../auth';
import { FaultInjector } from '../faults';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { groupVersion, ResourceType } from '../resources/ResourceType';
import { KubeObject } from '../types';
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
import { FieldValidation } from './fieldValidation';
import { openApiGroupVersion, openApiRoot } from './openapi';
import {
  DeleteOptions,
  Operations,
  PatchType,
  WriteContext,
} from './Operations';
import { decodeProtobufObject } from './protobuf';
import { parseBool, parseResourcePath, ResourceRoute, verbFor } from './routes';
import { parseLabelSelector } from './selectors';
import { errors, StatusError } from './StatusError';
import { toTable, wantsTable } from './table';
import { serveWatch, WatchHub } from './watch';

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

const MAX_BODY_BYTES = 3 * 1024 * 1024;

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export type ApiServerDeps = {
  ops: Operations;
  registry: ResourceRegistry;
  auth: Authenticator;
  faults: FaultInjector;
  watches: WatchHub;
  /** Computed objects of read-only aggregated APIs (metrics.k8s.io). */
  virtualObjects: (
    type: ResourceType,
    namespace: string | undefined,
  ) => KubeObject[];
  /** Text for `pods/NAME/log`. */
  podLog: (pod: KubeObject) => string;
  /** The `/_sim/...` admin API (admin token only). */
  admin: (
    req: IncomingMessage,
    res: ServerResponse,
    path: string[],
    body: Buffer,
  ) => Promise<void> | void;
};

/** Sends a JSON body with the status and headers a real API server would use. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendStatusError(res: ServerResponse, error: StatusError) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const retryAfter = error.details?.retryAfterSeconds;
  if (retryAfter !== undefined)
    res.setHeader('Retry-After', String(retryAfter));
  sendJson(res, error.code, error.toStatus());
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new StatusError(
            413,
            'RequestEntityTooLarge',
            'Request entity too large: limit is 3145728',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function bearerToken(req: IncomingMessage) {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

/** The request handler of one simulated cluster's API server. */
export function createApiHandler(deps: ApiServerDeps) {
  const { ops, registry, auth, faults, watches } = deps;

  return async (req: IncomingMessage, res: ServerResponse) => {
    if (faults.isPartitioned(bearerToken(req)) || faults.outage === 'reset') {
      req.socket.destroy();
      return;
    }
    if (faults.outage === 'hang') return;
    try {
      const url = new URL(req.url ?? '/', 'https://kube-sim');
      const segments = url.pathname.split('/').filter(Boolean);
      const path = segments.join('/');
      if (['version', 'healthz', 'livez', 'readyz'].includes(path)) {
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
      if (serveDiscovery(req, res, segments)) return;
      const route = parseResourcePath(registry, segments);
      if (!route) throw errors.pathNotFound();
      await serveResource(req, res, route, url, grant, body);
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

  function serveDiscovery(
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

  async function serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    url: URL,
    grant: TokenGrant,
    body: Buffer,
  ) {
    const q = url.searchParams;
    const watch = parseBool(q.get('watch'));
    const verb = verbFor(req.method ?? 'GET', route, watch);
    const { type, namespace, name, subresource } = route;
    if (!type.verbs.includes(verb)) throw errors.methodNotAllowed();
    auth.authorize(grant, verb, type, namespace);
    const info = { verb, resource: type.resource, namespace };
    const delay = faults.delayFor(info);
    if (delay) await new Promise(r => setTimeout(r, delay));
    const injected = faults.errorFor(info);
    if (injected) throw injected;

    const accept = req.headers.accept;
    const now = ops.clock.now();
    const render = (object: KubeObject) =>
      wantsTable(accept)
        ? toTable(
            type,
            [object],
            { resourceVersion: object.metadata.resourceVersion },
            now,
          )
        : object;

    if (subresource && !isKnownSubresource(type, subresource))
      throw errors.pathNotFound();

    if (verb === 'watch') {
      serveWatch(res, ops, watches, type, {
        namespace,
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector: withName(q.get('fieldSelector'), name),
        resourceVersion: q.get('resourceVersion') ?? undefined,
        allowWatchBookmarks: parseBool(q.get('allowWatchBookmarks')),
        sendInitialEvents: parseBool(q.get('sendInitialEvents')),
        timeoutSeconds: q.has('timeoutSeconds')
          ? Number(q.get('timeoutSeconds'))
          : undefined,
        render: o =>
          wantsTable(accept)
            ? toTable(
                type,
                [o],
                { resourceVersion: o.metadata.resourceVersion },
                ops.clock.now(),
              )
            : o,
      });
      return;
    }
    if (verb === 'list') {
      const options = {
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector: q.get('fieldSelector') ?? undefined,
        limit: q.has('limit') ? Number(q.get('limit')) : undefined,
        continue: q.get('continue') ?? undefined,
      };
      const list = type.virtual
        ? virtualList(type, namespace, options.labelSelector)
        : ops.list(type, namespace, options);
      sendJson(
        res,
        200,
        wantsTable(accept)
          ? toTable(type, list.items, list.metadata, now)
          : list,
      );
      return;
    }
    if (verb === 'get') {
      if (type.virtual) {
        const found = virtualList(type, namespace, undefined).items.find(
          o => o.metadata.name === name,
        );
        if (!found) throw errors.notFound(type, name!);
        sendJson(res, 200, found);
        return;
      }
      const object = ops.get(type, namespace, name!);
      if (subresource === 'log') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(deps.podLog(object));
        return;
      }
      sendJson(
        res,
        200,
        subresource === 'scale' ? ops.scaleOf(type, object) : render(object),
      );
      return;
    }

    const ctx = writeContext(req, q, grant);
    const sub =
      subresource === 'status' || subresource === 'scale'
        ? subresource
        : undefined;
    const finalize = subresource === 'finalize' && type.kind === 'Namespace';
    if (subresource && !sub && !finalize) throw errors.methodNotAllowed();
    switch (verb) {
      case 'create': {
        if (name) throw errors.methodNotAllowed();
        const created = ops.create(type, namespace, decodeBody(req, body), ctx);
        sendJson(res, 201, render(created));
        return;
      }
      case 'update': {
        const updated = ops.update(
          type,
          namespace,
          name!,
          decodeBody(req, body),
          ctx,
          sub,
        );
        sendJson(res, 200, sub === 'scale' ? updated : render(updated));
        return;
      }
      case 'patch': {
        const contentType = (req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim();
        const patchType = PATCH_TYPES[contentType];
        if (!patchType)
          throw errors.unsupportedMediaType(contentType || '<none>');
        const existed =
          sub ||
          patchType !== 'apply' ||
          Boolean(ops.find(type, namespace, name!));
        const patched = ops.patch(
          type,
          namespace,
          name!,
          patchType,
          body.toString('utf8'),
          ctx,
          {
            force: parseBool(q.get('force')),
            subresource: sub,
          },
        );
        sendJson(
          res,
          existed ? 200 : 201,
          sub === 'scale' ? patched : render(patched),
        );
        return;
      }
      case 'delete': {
        const options = deleteOptions(body, q);
        const deleted = ops.delete(
          type,
          namespace,
          name!,
          { ...ctx, dryRun: ctx.dryRun || options.dryRun },
          options,
        );
        sendJson(
          res,
          200,
          deleted.metadata.deletionTimestamp && ops.find(type, namespace, name!)
            ? deleted
            : successStatus(type, deleted),
        );
        return;
      }
      case 'deletecollection': {
        const result = ops.deleteCollection(
          type,
          namespace,
          {
            labelSelector: q.get('labelSelector') ?? undefined,
            fieldSelector: q.get('fieldSelector') ?? undefined,
          },
          ctx,
        );
        sendJson(res, 200, result);
        return;
      }
      default:
        throw errors.methodNotAllowed();
    }
  }

  function virtualList(
    type: ResourceType,
    namespace: string | undefined,
    labelSelector: string | undefined,
  ) {
    const matches = parseLabelSelector(labelSelector);
    return {
      kind: type.listKind,
      apiVersion: groupVersion(type),
      metadata: { resourceVersion: String(ops.store.resourceVersion) },
      items: deps.virtualObjects(type, namespace).filter(matches),
    };
  }
}

function isKnownSubresource(type: ResourceType, subresource: string) {
  if (subresource === 'status') return Boolean(type.subresources.status);
  if (subresource === 'scale') return Boolean(type.subresources.scale);
  if (subresource === 'log') return type.kind === 'Pod';
  if (subresource === 'finalize') return type.kind === 'Namespace';
  return false;
}

function withName(fieldSelector: string | null, name: string | undefined) {
  if (!name) return fieldSelector ?? undefined;
  const byName = `metadata.name=${name}`;
  return fieldSelector ? `${fieldSelector},${byName}` : byName;
}

function writeContext(
  req: IncomingMessage,
  q: URLSearchParams,
  grant: TokenGrant,
): WriteContext {
  const validation = (q.get('fieldValidation') ?? 'Warn') as FieldValidation;
  const userAgent = req.headers['user-agent'] ?? 'unknown';
  return {
    user: grant.user,
    fieldManager: q.get('fieldManager') ?? undefined,
    defaultManager: userAgent.split('/')[0] || 'unknown',
    dryRun: q.getAll('dryRun').includes('All'),
    fieldValidation: ['Strict', 'Warn', 'Ignore'].includes(validation)
      ? validation
      : 'Warn',
  };
}

function decodeBody(req: IncomingMessage, body: Buffer): unknown {
  const contentType = (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim();
  if (contentType === 'application/vnd.kubernetes.protobuf')
    return decodeProtobufObject(body);
  const text = body.toString('utf8');
  try {
    if (contentType === 'application/yaml') return parseYaml(text);
    if (contentType === 'application/json' || contentType === '')
      return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`error decoding body: ${(e as Error).message}`);
  }
  throw errors.unsupportedMediaType(contentType);
}

function deleteOptions(
  body: Buffer,
  q: URLSearchParams,
): DeleteOptions & { dryRun: boolean } {
  let parsed: Record<string, any> = {};
  if (body.length) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw errors.badRequest('error decoding DeleteOptions');
    }
  }
  return {
    propagationPolicy:
      parsed.propagationPolicy ?? q.get('propagationPolicy') ?? undefined,
    preconditions: parsed.preconditions,
    dryRun: Array.isArray(parsed.dryRun) && parsed.dryRun.includes('All'),
  };
}

function successStatus(type: ResourceType, deleted: KubeObject) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: deleted.metadata.name,
      group: type.group || undefined,
      kind: type.resource,
      uid: deleted.metadata.uid,
    },
  };
}
