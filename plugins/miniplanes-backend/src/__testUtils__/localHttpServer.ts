import { createServer, RequestListener, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An HTTP server on a loopback port from the suite's beforeAll to its
 * afterAll, answering with `listener` (which may read the test's state
 * when a request comes); the answer gives the server's base URL.
 */
export function localHttpServer(listener: RequestListener): () => string {
  let server: Server | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    server = createServer(listener);
    await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // A watch's connection stays open: it would hold the close forever.
    server?.closeAllConnections();
    await new Promise<void>(resolve => server?.close(() => resolve()));
  });
  return () => {
    if (!url) throw new Error('the local server is not started');
    return url;
  };
}
