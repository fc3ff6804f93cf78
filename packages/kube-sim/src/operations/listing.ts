import { KubeObject } from '../kube/types';
import { errors } from '../kube/StatusError';

export type Page = {
  items: KubeObject[];
  continue?: string;
  remainingItemCount?: number;
};

const sortKey = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Orders by namespace/name (etcd key order) and cuts a page after the continue token. */
export function paginate(
  items: KubeObject[],
  resourceVersion: number,
  limit: number | undefined,
  token: string | undefined,
): Page {
  const sorted = items.sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  let start = 0;
  let listRv = resourceVersion;
  if (token) {
    const decoded = decodeToken(token);
    listRv = decoded.rv;
    start = sorted.findIndex(o => sortKey(o) > decoded.after);
    if (start === -1) start = sorted.length;
  }
  if (!limit || limit <= 0 || start + limit >= sorted.length) {
    return { items: sorted.slice(start) };
  }
  const page = sorted.slice(start, start + limit);
  return {
    items: page,
    continue: encodeToken({
      rv: listRv,
      after: sortKey(page[page.length - 1]),
    }),
    remainingItemCount: sorted.length - start - limit,
  };
}

function compareKeys(a: string, b: string) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function encodeToken(token: { rv: number; after: string }) {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', ...token }),
  ).toString('base64url');
}

function decodeToken(token: string): { rv: number; after: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed.after === 'string' && typeof parsed.rv === 'number')
      return parsed;
  } catch {
    // fall through to the error a real server gives
  }
  throw errors.badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}
