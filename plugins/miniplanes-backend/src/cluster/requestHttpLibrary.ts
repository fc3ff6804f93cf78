import type * as k8s from '@kubernetes/client-node';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { request } from 'undici';

const gunzipped = promisify(gunzip);

/**
 * client-node's HTTP transport, over undici's `request` rather than its
 * `fetch`. fetch wraps every body in WHATWG streams and copies its headers
 * through the Fetch standard's checks: in a rollout that was half of what
 * each write cost the backend's CPU (`bench:sync`'s floors: 11.8–13.4 s
 * of CPU for 20,100 writes through fetch, 5.7–8.8 s through this).
 * client-node takes an `httpApi` for this: the requests, their TLS
 * dispatcher, signal and the answers' handling are client-node's own; only
 * the transport differs.
 *
 * fetch asked for and decoded gzip; so does this, so a large list over a
 * slow link stays compressed. The TLS dispatcher a call carries is
 * client-node's undici Agent: the backend's undici range follows
 * client-node's (`SyncService.test.ts` rolls out over TLS with a CA).
 */
export function requestHttpLibrary({
  ResponseContext,
  SelfDecodingBody,
}: Pick<
  typeof k8s,
  'ResponseContext' | 'SelfDecodingBody'
>): k8s.PromiseHttpLibrary {
  return {
    async send(context) {
      const response = await request(context.getUrl(), {
        method: context.getHttpMethod(),
        headers: { 'accept-encoding': 'gzip', ...context.getHeaders() },
        // The object API sends JSON or YAML text; nothing it calls sends a form.
        body: context.getBody() as string | undefined,
        signal: context.getSignal(),
        dispatcher: context.getDispatcher(),
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined)
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      // Read whole at once: an unread body would hold its connection.
      const received = Buffer.from(await response.body.arrayBuffer());
      const data =
        headers['content-encoding'] === 'gzip'
          ? await gunzipped(received)
          : received;
      return new ResponseContext(
        response.statusCode,
        headers,
        new SelfDecodingBody(Promise.resolve(data)),
      );
    },
  };
}
