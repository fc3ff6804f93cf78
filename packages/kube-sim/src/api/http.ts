import { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../kube/StatusError';

/** The API server's default request size limit. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Sends a JSON body with the status and headers a real API server would use. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendStatusError(res: ServerResponse, error: StatusError) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const retryAfter = error.details?.retryAfterSeconds;
  if (retryAfter !== undefined)
    res.setHeader('Retry-After', String(retryAfter));
  sendJson(res, error.code, error.toStatus());
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new StatusError(
            413,
            'RequestEntityTooLarge',
            'Request entity too large: limit is 3145728',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Drops the connection a request or response came on, as a network fault
 * does: its socket for HTTP/1.1; for HTTP/2 (Node's compatibility API
 * gives a request and response their stream) the whole session, so every
 * stream on it fails, not only this one.
 */
export function dropConnection(message: IncomingMessage | ServerResponse) {
  const { stream } = message as { stream?: { session?: { destroy(): void } } };
  if (stream) stream.session?.destroy();
  else message.socket?.destroy();
}

export function bearerToken(req: IncomingMessage) {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}
