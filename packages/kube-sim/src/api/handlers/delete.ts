import { errors } from '../../kube/StatusError';
import { KubeObject } from '../../kube/types';
import { DeleteOptions } from '../../operations/options';
import { ResourceType } from '../../resources/ResourceType';
import { sendJson } from '../http';
import { ResourceRequest, VerbHandler, writeContext } from './request';
import { writeSubresource } from './subresources';

/**
 * `DELETE` of one object: the object while finalizers hold it, a Success
 * Status once it is gone.
 */
export const serveDelete: VerbHandler = ({ ops }, request) => {
  const ctx = writeContext(request);
  writeSubresource(request.route);
  const { type, namespace, name } = request.route;
  const options = deleteOptions(request);
  const deleted = ops.delete(
    type,
    namespace,
    name!,
    { ...ctx, dryRun: ctx.dryRun || options.dryRun },
    options,
  );
  sendJson(
    request.res,
    200,
    deleted.metadata.deletionTimestamp && ops.find(type, namespace, name!)
      ? deleted
      : successStatus(type, deleted),
  );
};

/** `DELETE` on a collection, by label and field selectors. */
export const serveDeleteCollection: VerbHandler = ({ ops }, request) => {
  const ctx = writeContext(request);
  writeSubresource(request.route);
  const { route, query: q } = request;
  const result = ops.deleteCollection(
    route.type,
    route.namespace,
    {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
    },
    ctx,
  );
  sendJson(request.res, 200, result);
};

/** DeleteOptions from the body (kubectl, client-node) or the query (python). */
function deleteOptions({
  body,
  query: q,
}: ResourceRequest): DeleteOptions & { dryRun: boolean } {
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
