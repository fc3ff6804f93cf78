import { sendJson } from '../http';
import { decodeBody, render, VerbHandler, writeContext } from './request';
import { writeSubresource } from './subresources';

/** `PUT` of an object, its `status` or `scale` (a replace, 409 on a stale resourceVersion). */
export const serveUpdate: VerbHandler = ({ ops }, request) => {
  const ctx = writeContext(request);
  const sub = writeSubresource(request.route);
  const { type, namespace, name } = request.route;
  const updated = ops.update(
    type,
    namespace,
    name!,
    decodeBody(request),
    ctx,
    sub,
  );
  sendJson(
    request.res,
    200,
    sub === 'scale' ? updated : render(request, updated, ops.clock.now()),
  );
};
