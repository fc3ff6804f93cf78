import { parseBool } from '../routes';
import { serveWatch } from '../watch';
import { render, VerbHandler } from './request';

/** `GET ?watch=true`: one named object is watched through a field selector, as the API server does. */
export const serveWatchRequest: VerbHandler = ({ ops, watches }, request) => {
  const { res, route, query: q } = request;
  serveWatch(res, ops, watches, route.type, {
    namespace: route.namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: withName(q.get('fieldSelector'), route.name),
    resourceVersion: q.get('resourceVersion') ?? undefined,
    allowWatchBookmarks: parseBool(q.get('allowWatchBookmarks')),
    sendInitialEvents: parseBool(q.get('sendInitialEvents')),
    timeoutSeconds: q.has('timeoutSeconds')
      ? Number(q.get('timeoutSeconds'))
      : undefined,
    render: o => render(request, o, ops.clock.now()),
  });
};

function withName(fieldSelector: string | null, name: string | undefined) {
  if (!name) return fieldSelector ?? undefined;
  const byName = `metadata.name=${name}`;
  return fieldSelector ? `${fieldSelector},${byName}` : byName;
}
