import { createServer as createHttpServer, RequestListener } from 'node:http';
import { createSecureServer } from 'node:http2';
import { AddressInfo, Server, Socket } from 'node:net';
import { FaultInjector, OutageMode } from '../faults/FaultInjector';
import { ClusterCertificates } from '../security/certificates';

export type ClusterServerOptions = {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Serves HTTPS with the cluster's serving certificate; plain HTTP without. */
  certificates?: ClusterCertificates;
  faults: FaultInjector;
  handler: RequestListener;
};

/** How long an idle HTTP/1.1 connection is kept for the client's next request. */
const KEEP_ALIVE_MS = 30_000;

/**
 * HTTPS as an API server serves it: HTTP/2 for the clients that negotiate it
 * (kubectl and every Go client; client-node 2 and miniplanes' backend, through
 * undici 8), HTTP/1.1 for the others (the Python client, Node's `https`), on
 * the same port. The handler serves both: Node's
 * compatibility API gives HTTP/2 streams the request and response of
 * HTTP/1.1.
 */
function secureServer(
  certificates: ClusterCertificates,
  handler: RequestListener,
): Server {
  const server = createSecureServer(
    {
      key: certificates.keyPem,
      cert: certificates.certPem,
      allowHTTP1: true,
    },
    handler as unknown as Parameters<typeof createSecureServer>[1],
  );
  // The HTTP/1.1 connections it serves take the HTTP server's settings.
  Object.assign(server, { keepAliveTimeout: KEEP_ALIVE_MS });
  return server;
}

/**
 * One cluster's listening socket: HTTP or HTTPS on loopback, its open
 * connections, and the outages that act on connections (refuse, reset).
 */
export class ClusterServer {
  private readonly sockets = new Set<Socket>();
  private listeningPort = 0;
  private outageTimer?: NodeJS.Timeout;

  private constructor(
    private readonly server: Server,
    private readonly options: ClusterServerOptions,
  ) {}

  static async listen(options: ClusterServerOptions): Promise<ClusterServer> {
    const { certificates, faults, handler } = options;
    const server = certificates
      ? secureServer(certificates, handler)
      : createHttpServer({ keepAliveTimeout: KEEP_ALIVE_MS }, handler);
    const clusterServer = new ClusterServer(server, options);
    const track = (socket: Socket) => {
      if (faults.outage === 'reset') {
        socket.destroy();
        return;
      }
      clusterServer.sockets.add(socket);
      socket.on('close', () => clusterServer.sockets.delete(socket));
    };
    server.on(certificates ? 'secureConnection' : 'connection', track);
    if (certificates)
      server.on('connection', s => faults.outage === 'reset' && s.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () =>
        resolve(),
      );
    });
    clusterServer.listeningPort = (server.address() as AddressInfo).port;
    return clusterServer;
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `${this.options.certificates ? 'https' : 'http'}://127.0.0.1:${
      this.listeningPort
    }`;
  }

  /** Whole-cluster outage: refuse connections, accept and hang, or reset them. */
  setOutage(mode: OutageMode | undefined, durationMs?: number) {
    clearTimeout(this.outageTimer);
    const { faults } = this.options;
    const previous = faults.outage;
    faults.outage = mode;
    if (mode === 'refuse' && previous !== 'refuse') {
      this.server.close();
      for (const s of this.sockets) s.destroy();
    }
    if (mode !== 'refuse' && previous === 'refuse')
      this.server.listen(this.listeningPort, this.options.host ?? '127.0.0.1');
    if (mode && mode !== 'refuse') {
      for (const s of this.sockets) if (mode === 'reset') s.destroy();
    }
    if (mode && durationMs) {
      this.outageTimer = setTimeout(
        () => this.setOutage(undefined),
        durationMs,
      ).unref();
    }
  }

  async close() {
    clearTimeout(this.outageTimer);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>(resolve =>
      this.server.listening ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
