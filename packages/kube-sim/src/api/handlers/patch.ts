import { errors } from '../../kube/StatusError';
import { PatchType } from '../../operations/options';
import { sendJson } from '../http';
import { parseBool } from '../routes';
import { render, VerbHandler, writeContext } from './request';
import { writeSubresource } from './subresources';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** `PATCH` by Content-Type; server-side apply answers 201 when it created the object. */
export const servePatch: VerbHandler = ({ ops }, request) => {
  const ctx = writeContext(request);
  const sub = writeSubresource(request.route);
  const { req, query: q } = request;
  const { type, namespace, name } = request.route;
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  const patchType = PATCH_TYPES[contentType];
  if (!patchType) throw errors.unsupportedMediaType(contentType || '<none>');
  const existed =
    sub || patchType !== 'apply' || Boolean(ops.find(type, namespace, name!));
  const patched = ops.patch(
    type,
    namespace,
    name!,
    patchType,
    request.body.toString('utf8'),
    ctx,
    {
      force: parseBool(q.get('force')),
      subresource: sub,
    },
  );
  sendJson(
    request.res,
    existed ? 200 : 201,
    sub === 'scale' ? patched : render(request, patched, ops.clock.now()),
  );
};
