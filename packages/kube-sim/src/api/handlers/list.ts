import { sendJson } from '../http';
import { metricsList } from '../metrics';
import { toTable, wantsTable } from '../table';
import { VerbHandler } from './request';

/** `GET` on a collection: selectors, paging, or a Table for `kubectl get`. */
export const serveList: VerbHandler = ({ ops }, { req, res, route, query }) => {
  const { type, namespace } = route;
  const options = {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: query.has('limit') ? Number(query.get('limit')) : undefined,
    continue: query.get('continue') ?? undefined,
  };
  const list = type.virtual
    ? metricsList(ops, type, namespace, options.labelSelector)
    : ops.list(type, namespace, options);
  sendJson(
    res,
    200,
    wantsTable(req.headers.accept)
      ? toTable(type, list.items, list.metadata, ops.clock.now())
      : list,
  );
};
