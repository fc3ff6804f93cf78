import { errors } from '../../kube/StatusError';
import { sendJson } from '../http';
import { metricsList, podLog } from '../metrics';
import { render, VerbHandler } from './request';

/** `GET` on one object, its `scale`, or a pod's `log`; metrics objects are computed. */
export const serveGet: VerbHandler = ({ ops }, request) => {
  const { res } = request;
  const { type, namespace, name, subresource } = request.route;
  if (type.virtual) {
    const found = metricsList(ops, type, namespace, undefined).items.find(
      o => o.metadata.name === name,
    );
    if (!found) throw errors.notFound(type, name!);
    sendJson(res, 200, found);
    return;
  }
  const object = ops.get(type, namespace, name!);
  if (subresource === 'log') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(podLog(object));
    return;
  }
  sendJson(
    res,
    200,
    subresource === 'scale'
      ? ops.scaleOf(type, object)
      : render(request, object, ops.clock.now()),
  );
};
