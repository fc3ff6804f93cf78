import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { errors } from '../../kube/StatusError';
import { KubeObject } from '../../kube/types';
import { FieldValidation } from '../../operations/fieldValidation';
import { WriteContext } from '../../operations/options';
import { Operations } from '../../operations/Operations';
import { TokenGrant } from '../../security/auth';
import { decodeProtobufObject } from '../protobuf';
import { ResourceRoute } from '../routes';
import { toTable, wantsTable } from '../table';
import { WatchHub } from '../watch';

/** One authorized request for a resource, its collection or a subresource. */
export type ResourceRequest = {
  req: IncomingMessage;
  res: ServerResponse;
  route: ResourceRoute;
  query: URLSearchParams;
  grant: TokenGrant;
  body: Buffer;
  /** A fault cuts the response and the write must not happen: writes run as dry runs. */
  forcedDryRun: boolean;
};

export type HandlerDeps = { ops: Operations; watches: WatchHub };

/** Serves one verb; throws a StatusError for the client's mistakes. */
export type VerbHandler = (deps: HandlerDeps, request: ResourceRequest) => void;

/** The object as the client asked to see it: a one-row Table for `kubectl get`. */
export function render(
  request: ResourceRequest,
  object: KubeObject,
  now: number,
): unknown {
  return wantsTable(request.req.headers.accept)
    ? toTable(
        request.route.type,
        [object],
        { resourceVersion: object.metadata.resourceVersion },
        now,
      )
    : object;
}

/** Who writes and how, from the query (fieldManager, dryRun, fieldValidation) and User-Agent. */
export function writeContext(request: ResourceRequest): WriteContext {
  const { req, query: q, grant, forcedDryRun } = request;
  const validation = (q.get('fieldValidation') ?? 'Warn') as FieldValidation;
  const userAgent = req.headers['user-agent'] ?? 'unknown';
  return {
    user: grant.user,
    fieldManager: q.get('fieldManager') ?? undefined,
    defaultManager: userAgent.split('/')[0] || 'unknown',
    dryRun: forcedDryRun || q.getAll('dryRun').includes('All'),
    fieldValidation: ['Strict', 'Warn', 'Ignore'].includes(validation)
      ? validation
      : 'Warn',
  };
}

/** An object body in JSON (also without Content-Type), YAML or kubectl's protobuf. */
export function decodeBody(request: ResourceRequest): unknown {
  const { req, body } = request;
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
