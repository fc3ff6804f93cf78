import { ServerResponse } from 'node:http';
import { dropConnection } from './http';

/**
 * Makes `res` a response cut mid-body: the status line, the headers and the
 * first half of the first body chunk go out, then the socket is destroyed
 * (a connection fault; the client sees a truncated body and an error).
 */
export function cutMidBody(res: ServerResponse) {
  const write = res.write.bind(res);
  let cut = false;
  const cutWith = (chunk: unknown) => {
    if (cut) return;
    cut = true;
    const bytes =
      typeof chunk === 'string' || chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.alloc(0);
    const part = bytes.subarray(0, Math.ceil(bytes.length / 2));
    if (!part.length) res.flushHeaders();
    // Destroyed once the part is handed to the socket, so the client gets it.
    write(part, () => dropConnection(res));
  };
  res.write = ((chunk: unknown) => {
    cutWith(chunk);
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown) => {
    cutWith(typeof chunk === 'function' ? undefined : chunk);
    return res;
  }) as ServerResponse['end'];
}
