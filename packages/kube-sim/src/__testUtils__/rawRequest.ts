import { request } from 'node:https';
import { SimulatedCluster } from '../SimulatedCluster';

export type RawResponse = {
  /** Undefined when no status line arrived. */
  status?: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes that arrived, complete or not. */
  body: Buffer;
  /** Whether the whole body arrived (Content-Length honoured, no error). */
  complete: boolean;
  /** The error the client saw, if any. */
  error?: Error;
};

/**
 * One HTTPS request with the cluster's CA and admin token that never
 * rejects: connection faults show as `complete: false` and `error`.
 */
export function rawRequest(
  cluster: SimulatedCluster,
  method: string,
  path: string,
  options: { body?: unknown; contentType?: string; token?: string } = {},
): Promise<RawResponse> {
  const text =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise(resolve => {
    const chunks: Buffer[] = [];
    let response: RawResponse | undefined;
    const done = (error?: Error) => {
      resolve({
        status: response?.status,
        headers: response?.headers ?? {},
        body: Buffer.concat(chunks),
        complete: Boolean(response?.complete) && !error,
        error,
      });
    };
    const req = request(
      `${cluster.url}${path}`,
      {
        method,
        ca: cluster.caPem,
        agent: false,
        headers: {
          Authorization: `Bearer ${options.token ?? cluster.adminToken}`,
          // Node sends a DELETE body neither chunked nor sized unless told its length.
          ...(text !== undefined
            ? {
                'Content-Type': options.contentType ?? 'application/json',
                'Content-Length': Buffer.byteLength(text),
              }
            : {}),
        },
      },
      res => {
        response = {
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.alloc(0),
          complete: false,
        };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', error => done(error));
        res.on('close', () => {
          response!.complete = res.complete;
          done(res.complete ? undefined : new Error('response cut short'));
        });
      },
    );
    req.on('error', error => done(error));
    req.end(text);
  });
}

export const json = (response: RawResponse) =>
  JSON.parse(response.body.toString('utf8'));
