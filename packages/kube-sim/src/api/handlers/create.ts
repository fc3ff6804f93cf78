import { errors } from '../../kube/StatusError';
import { sendJson } from '../http';
import { decodeBody, render, VerbHandler, writeContext } from './request';
import { writeSubresource } from './subresources';

/** `POST` on a collection. */
export const serveCreate: VerbHandler = ({ ops }, request) => {
  const ctx = writeContext(request);
  writeSubresource(request.route);
  const { type, namespace, name } = request.route;
  if (name) throw errors.methodNotAllowed();
  const created = ops.create(type, namespace, decodeBody(request), ctx);
  sendJson(request.res, 201, render(request, created, ops.clock.now()));
};
