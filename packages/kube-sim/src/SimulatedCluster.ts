import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { createApiHandler, sendJson } from './api/ApiServer';
import { Clock } from './api/Clock';
import { Operations, SYSTEM_CONTEXT, WriteRecord } from './api/Operations';
import { StatusError } from './api/StatusError';
import { WatchHub } from './api/watch';
import { Authenticator, newToken, READ_VERBS } from './auth';
import { ClusterCertificates, createClusterCertificates } from './certificates';
import { ControllerManager } from './controllers/ControllerManager';
import { ErrorFault, FaultInjector, LatencyFault, OutageMode } from './faults';
import { metricsObjects, podLog } from './metrics';
import { nodeObjects, NodePoolSpec } from './nodes';
import { ResourceRegistry } from './resources/ResourceRegistry';
import { ObjectStore } from './store/ObjectStore';
import { clone } from './clone';

/**
 * How to start a {@link SimulatedCluster}.
 *
 * @public
 */
export type SimulatedClusterOptions = {
  name: string;
  nodes?: NodePoolSpec;
  /** Serve plain HTTP instead of HTTPS (clients such as client-node then need skipTLSVerify). */
  insecure?: boolean;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** How long a scheduled pod takes to become Running (ms); default 100. */
  podStartupMs?: number;
  recordEvents?: boolean;
  /** Fixed tokens (a kubeconfig that survives restarts); random by default. */
  adminToken?: string;
  readOnlyToken?: string;
};

/** Writes made by the simulated control plane itself, not by clients. */
const SYSTEM_USERS = new Set(['system:kube-controller-manager']);

const SEED_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/**
 * One simulated Kubernetes cluster: an API server on loopback with its own
 * CA and tokens, the object store, the controllers, fault injection and a log
 * of every accepted write.
 *
 * @public
 */
export class SimulatedCluster {
  /**
   * The simulator's machinery, driven directly by kube-sim's own benchmark;
   * kept out of the published API, which works through the methods below.
   *
   * @internal
   */
  readonly store = new ObjectStore();
  /** @internal */
  readonly registry = new ResourceRegistry();
  /** @internal */
  readonly ops: Operations;
  /** @internal */
  readonly controllers: ControllerManager;
  private readonly clock = new Clock();
  private readonly auth = new Authenticator();
  private readonly faults = new FaultInjector();
  private readonly watches = new WatchHub();
  readonly writeLog: WriteRecord[] = [];
  readonly adminToken: string;
  readonly readOnlyToken: string;
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private certificates?: ClusterCertificates;
  private port = 0;
  private outageTimer?: NodeJS.Timeout;

  private constructor(readonly options: SimulatedClusterOptions) {
    this.ops = new Operations(this.store, this.registry, this.clock);
    this.ops.onWrite(record => this.writeLog.push(record));
    this.controllers = new ControllerManager(this.ops, {
      podStartupMs: options.podStartupMs ?? 100,
      recordEvents: options.recordEvents ?? true,
    });
    this.adminToken = options.adminToken ?? newToken();
    this.readOnlyToken = options.readOnlyToken ?? newToken();
    this.auth.grant(this.adminToken, {
      user: 'kube-sim-admin',
      groups: ['system:masters'],
      verbs: '*',
    });
    this.auth.grant(this.readOnlyToken, {
      user: 'kube-sim-viewer',
      groups: ['viewers'],
      verbs: READ_VERBS,
    });
  }

  static async start(
    options: SimulatedClusterOptions,
  ): Promise<SimulatedCluster> {
    const cluster = new SimulatedCluster(options);
    cluster.seed();
    await cluster.listen();
    return cluster;
  }

  get name() {
    return this.options.name;
  }

  get url(): string {
    return `${this.options.insecure ? 'http' : 'https'}://127.0.0.1:${
      this.port
    }`;
  }

  /** The cluster CA in PEM (undefined for an insecure cluster). */
  get caPem(): string | undefined {
    return this.certificates?.caPem;
  }

  /** The CA as kubeconfig's certificate-authority-data and Backstage's caData expect. */
  get caData(): string | undefined {
    return this.caPem && Buffer.from(this.caPem).toString('base64');
  }

  /** Writes accepted from clients (controllers' own writes are left out unless asked). */
  writes(options: { includeControllers?: boolean } = {}): WriteRecord[] {
    return options.includeControllers
      ? [...this.writeLog]
      : this.writeLog.filter(w => !SYSTEM_USERS.has(w.user));
  }

  /** Whole-cluster outage: refuse connections, accept and hang, or reset them. */
  setOutage(mode: OutageMode | undefined, durationMs?: number) {
    clearTimeout(this.outageTimer);
    const previous = this.faults.outage;
    this.faults.outage = mode;
    if (mode === 'refuse' && previous !== 'refuse') {
      this.server.close();
      for (const s of this.sockets) s.destroy();
    }
    if (mode !== 'refuse' && previous === 'refuse')
      this.server.listen(this.port, this.options.host ?? '127.0.0.1');
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

  injectError(fault: ErrorFault) {
    this.faults.addError(fault);
  }

  injectLatency(fault: LatencyFault) {
    this.faults.addLatency(fault);
  }

  /** Cuts requests carrying this token, as a network partition between that client and the cluster. */
  partition(token: string, partitioned = true) {
    if (partitioned) this.faults.partitionedTokens.add(token);
    else this.faults.partitionedTokens.delete(token);
  }

  clearFaults() {
    this.setOutage(undefined);
    this.faults.clear();
    this.watches.closeAfterEvents = undefined;
    this.watches.stalled = false;
    this.clock.skewMs = 0;
    if (this.controllers.paused) this.controllers.resume();
  }

  /** Marks a node NotReady (with the unreachable taint) or Ready again. */
  setNodeReady(nodeName: string, ready: boolean) {
    const nodes = this.registry.find('', 'v1', 'nodes')!;
    const node = this.ops.get(nodes, undefined, nodeName);
    const next = clone(node) as any;
    const now = this.clock.timestamp();
    next.status.conditions = next.status.conditions.map((c: any) =>
      c.type === 'Ready'
        ? {
            ...c,
            status: ready ? 'True' : 'Unknown',
            reason: ready ? 'KubeletReady' : 'NodeStatusUnknown',
            message: ready
              ? 'kubelet is posting ready status'
              : 'Kubelet stopped posting node status.',
            lastTransitionTime: now,
          }
        : c,
    );
    const taints = (next.spec.taints ?? []).filter(
      (t: any) => t.key !== 'node.kubernetes.io/unreachable',
    );
    if (!ready)
      taints.push({
        key: 'node.kubernetes.io/unreachable',
        effect: 'NoSchedule',
        timeAdded: now,
      });
    next.spec.taints = taints.length ? taints : undefined;
    const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'node-controller' };
    const updated = this.ops.update(
      nodes,
      undefined,
      nodeName,
      { ...next, status: node.status },
      ctx,
    );
    this.ops.update(
      nodes,
      undefined,
      nodeName,
      { ...updated, status: next.status },
      ctx,
      'status',
    );
  }

  kubeconfigCluster() {
    return {
      server: this.url,
      ...(this.caData
        ? { 'certificate-authority-data': this.caData }
        : { 'insecure-skip-tls-verify': true }),
    };
  }

  async stop() {
    clearTimeout(this.outageTimer);
    this.controllers.stop();
    this.watches.dropAll('close');
    for (const s of this.sockets) s.destroy();
    await new Promise<void>(resolve =>
      this.server.listening ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private seed() {
    const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'kube-apiserver' };
    const nsType = this.registry.find('', 'v1', 'namespaces')!;
    for (const name of SEED_NAMESPACES)
      this.ops.create(nsType, undefined, { metadata: { name } }, ctx);
    if (this.options.nodes) {
      const nodeType = this.registry.find('', 'v1', 'nodes')!;
      for (const node of nodeObjects(
        this.name,
        this.options.nodes,
        this.clock.timestamp(),
      )) {
        const created = this.ops.create(nodeType, undefined, node, {
          ...ctx,
          fieldManager: 'kubelet',
        });
        this.ops.update(
          nodeType,
          undefined,
          node.metadata.name!,
          { ...created, status: node.status },
          { ...ctx, fieldManager: 'kubelet' },
          'status',
        );
      }
    }
  }

  private async listen() {
    const handler = createApiHandler({
      ops: this.ops,
      registry: this.registry,
      auth: this.auth,
      faults: this.faults,
      watches: this.watches,
      virtualObjects: (type, namespace) =>
        metricsObjects(this.ops, type.kind, namespace),
      podLog,
      admin: (req, res, path, body) => this.serveAdmin(req, res, path, body),
    });
    if (this.options.insecure) {
      this.server = createHttpServer(handler);
    } else {
      this.certificates = createClusterCertificates(this.name);
      this.server = createHttpsServer(
        { key: this.certificates.keyPem, cert: this.certificates.certPem },
        handler,
      );
    }
    this.server.keepAliveTimeout = 30_000;
    const track = (socket: Socket) => {
      if (this.faults.outage === 'reset') {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    };
    this.server.on(
      this.options.insecure ? 'connection' : 'secureConnection',
      track,
    );
    if (!this.options.insecure)
      this.server.on(
        'connection',
        s => this.faults.outage === 'reset' && s.destroy(),
      );
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(
        this.options.port ?? 0,
        this.options.host ?? '127.0.0.1',
        () => resolve(),
      );
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** `/_sim/...`: the write log and fault injection over HTTP, for tools outside the process. */
  private serveAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    path: string[],
    body: Buffer,
  ) {
    const [resource] = path;
    if (resource === 'writes' && req.method === 'GET') {
      const url = new URL(req.url ?? '/', 'https://kube-sim');
      const since = Number(url.searchParams.get('since') ?? 0);
      sendJson(res, 200, {
        items: this.writes({
          includeControllers: url.searchParams.get('controllers') === 'true',
        }).slice(since),
      });
      return;
    }
    if (resource === 'faults') {
      if (req.method === 'GET') {
        sendJson(res, 200, {
          ...this.faults.describe(),
          watches: this.watches.size,
        });
        return;
      }
      if (req.method === 'DELETE') {
        this.clearFaults();
        sendJson(res, 200, this.faults.describe());
        return;
      }
      if (req.method === 'POST') {
        let spec: any;
        try {
          spec = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          throw new StatusError(400, 'BadRequest', 'fault body must be JSON');
        }
        // An outage cuts connections, this one included: it starts once the answer is out.
        const { outage, ...immediate } = spec as FaultSpec;
        this.applyFaultSpec(immediate);
        if (outage !== undefined) {
          res.once('finish', () => this.applyFaultSpec({ outage }));
        }
        sendJson(res, 200, this.faults.describe());
        return;
      }
    }
    throw new StatusError(
      404,
      'NotFound',
      `unknown kube-sim admin path /_sim/${path.join('/')}`,
    );
  }

  /** The admin endpoint's fault vocabulary, also usable from code. */
  applyFaultSpec(spec: FaultSpec) {
    if (spec.error) this.injectError(spec.error);
    if (spec.latency) this.injectLatency(spec.latency);
    if (spec.compact) this.store.compact();
    if (spec.dropWatches) this.watches.dropAll(spec.dropWatches);
    if (spec.closeWatchesAfterEvents !== undefined)
      this.watches.closeAfterEvents = spec.closeWatchesAfterEvents;
    if (spec.stallWatches !== undefined)
      this.watches.stalled = spec.stallWatches;
    if (spec.clockSkewSeconds !== undefined)
      this.clock.skewMs = spec.clockSkewSeconds * 1000;
    if (spec.nodeReady)
      this.setNodeReady(spec.nodeReady.node, spec.nodeReady.ready);
    if (spec.pauseControllers === true) this.controllers.paused = true;
    if (spec.pauseControllers === false) this.controllers.resume();
    if (spec.revokeToken) this.auth.revoke(spec.revokeToken);
    if (spec.outage !== undefined) {
      this.setOutage(
        spec.outage?.mode,
        spec.outage?.durationSeconds
          ? spec.outage.durationSeconds * 1000
          : undefined,
      );
    }
  }
}

/**
 * Faults to inject, as one document: what the `/_sim/faults` admin endpoint
 * accepts and {@link SimulatedCluster.applyFaultSpec} applies.
 *
 * @public
 */
export type FaultSpec = {
  error?: ErrorFault;
  latency?: LatencyFault;
  outage?: { mode: OutageMode; durationSeconds?: number } | null;
  compact?: boolean;
  dropWatches?: 'close' | 'reset';
  closeWatchesAfterEvents?: number;
  stallWatches?: boolean;
  clockSkewSeconds?: number;
  nodeReady?: { node: string; ready: boolean };
  pauseControllers?: boolean;
  revokeToken?: string;
};
