import { createAdminHandler } from './api/adminRoutes';
import { ClusterServer } from './api/ClusterServer';
import { createApiHandler } from './api/requestHandler';
import { WatchHub } from './api/watch';
import { ControllerManager } from './controllers/ControllerManager';
import { setNodeReady } from './controllers/nodeReadiness';
import {
  ConnectionDropFault,
  ErrorFault,
  FaultInjector,
  LatencyFault,
  OutageMode,
} from './faults/FaultInjector';
import { FaultSpec } from './faults/FaultSpec';
import { NodePoolSpec } from './nodes';
import { StatusError } from './kube/StatusError';
import { KubeObject } from './kube/types';
import { installOperatorCrds } from './operators/installOperatorCrds';
import {
  SimulatedOperator,
  parseSimulatedOperators,
} from './operators/SimulatedOperator';
import { Clock } from './operations/Clock';
import { Operations } from './operations/Operations';
import { WriteRecord } from './operations/writeLog';
import { ResourceRegistry } from './resources/ResourceRegistry';
import { Authenticator, newToken, READ_VERBS } from './security/auth';
import {
  ClusterCertificates,
  createClusterCertificates,
} from './security/certificates';
import { seedCluster } from './seed';
import { ClusterIdentity, readIdentity, writeIdentity } from './state/identity';
import { readSnapshot, restoreSnapshot } from './state/snapshot';
import { StateSaver } from './state/StateSaver';
import { ObjectStore } from './store/ObjectStore';

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
  /**
   * Where the cluster keeps its state across restarts: its objects (saved
   * soon after writes and on stop, restored at start), CA, serving
   * certificate, tokens and port. Nothing is kept when absent.
   */
  stateDirectory?: string;
  /**
   * Operators the cluster runs: their CRDs are installed at start (kept up
   * to date over a restored state) and, for velero, cnpg and mcs, a test
   * controller drives their custom resources' status.
   */
  operators?: SimulatedOperator[];
  /**
   * The cluster's position in its fleet (0 when alone, at most 4095): its
   * LoadBalancer Services get addresses from `172.<16 + index / 256>.<index % 256>.0/24`.
   */
  index?: number;
  /** How long an operator's step takes: a Backup running, database instances starting (ms); default 100. */
  operatorStepMs?: number;
  /** Every Velero Schedule takes a Backup this often (ms); by default only on demand ({@link SimulatedCluster.runSchedule}). */
  backupIntervalMs?: number;
};

/** Writes made by the simulated control plane itself, not by clients. */
const SYSTEM_USERS = new Set(['system:kube-controller-manager']);

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
  readonly adminToken: string;
  readonly readOnlyToken: string;
  /** The operators this cluster runs (see {@link SimulatedClusterOptions.operators}). */
  readonly operators: SimulatedOperator[];
  private server!: ClusterServer;
  private certificates?: ClusterCertificates;
  private saver?: StateSaver;

  private constructor(
    readonly options: SimulatedClusterOptions,
    identity: ClusterIdentity | undefined,
  ) {
    this.operators = parseSimulatedOperators(options.operators ?? []);
    this.ops = new Operations(this.store, this.registry, this.clock);
    this.controllers = new ControllerManager(this.ops, {
      podStartupMs: options.podStartupMs ?? 100,
      recordEvents: options.recordEvents ?? true,
      index: options.index ?? 0,
      operators: this.operators,
      operatorStepMs: options.operatorStepMs ?? 100,
      backupIntervalMs: options.backupIntervalMs,
    });
    this.adminToken = options.adminToken ?? identity?.adminToken ?? newToken();
    this.readOnlyToken =
      options.readOnlyToken ?? identity?.readOnlyToken ?? newToken();
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
    const index = options.index ?? 0;
    if (!Number.isInteger(index) || index < 0 || index > 4095) {
      throw new Error(
        `cluster ${options.name}: index must be a whole number from 0 to 4095 (its position in the fleet), not ${index}`,
      );
    }
    const directory = options.stateDirectory;
    const identity = directory ? await readIdentity(directory) : undefined;
    const snapshot = directory ? await readSnapshot(directory) : undefined;
    const cluster = new SimulatedCluster(options, identity);
    if (snapshot) {
      restoreSnapshot(cluster.ops, snapshot);
      cluster.controllers.collectOrphans();
    } else {
      seedCluster(cluster.ops, cluster.name, options.nodes);
    }
    installOperatorCrds(cluster.ops, cluster.operators);
    // CRDs report Established before the first client arrives.
    await cluster.controllers.idle();
    await cluster.serve(identity);
    if (directory) await cluster.keepState(directory);
    return cluster;
  }

  get name() {
    return this.options.name;
  }

  get url(): string {
    return this.server.url;
  }

  /** The cluster CA in PEM (undefined for an insecure cluster). */
  get caPem(): string | undefined {
    return this.certificates?.caPem;
  }

  /** The CA as kubeconfig's certificate-authority-data and Backstage's caData expect. */
  get caData(): string | undefined {
    return this.caPem && Buffer.from(this.caPem).toString('base64');
  }

  /** Every stored change, controllers' included, oldest first; append-only. */
  get writeLog(): readonly WriteRecord[] {
    return this.ops.writeLog.all();
  }

  /** The sequence number of the latest stored change (0 before any). */
  get lastWriteSeq(): number {
    return this.ops.writeLog.lastSeq;
  }

  /**
   * Writes accepted from clients (controllers' own writes are left out unless
   * asked), after sequence number `since` when given.
   */
  writes(
    options: { includeControllers?: boolean; since?: number } = {},
  ): WriteRecord[] {
    const records = this.ops.writeLog.since(options.since ?? 0);
    return options.includeControllers
      ? records
      : records.filter(w => !SYSTEM_USERS.has(w.user));
  }

  /** Whole-cluster outage: refuse connections, accept and hang, or reset them. */
  setOutage(mode: OutageMode | undefined, durationMs?: number) {
    this.server.setOutage(mode, durationMs);
  }

  injectError(fault: ErrorFault) {
    this.faults.addError(fault);
  }

  /** Adds a fixed (plus jitter) delay before matching requests of this cluster are answered. */
  injectLatency(fault: LatencyFault) {
    this.faults.addLatency(fault);
  }

  /** Cuts matching responses mid-body, after committing the write if `afterCommit`. */
  dropConnections(fault: ConnectionDropFault) {
    this.faults.addConnectionDrop(fault);
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
    this.controllers.velero?.clearFaults();
    this.controllers.cnpg?.clearFaults();
    if (this.controllers.paused) this.controllers.resume();
  }

  /**
   * Runs a Velero Schedule now, as when its time comes: creates a Backup
   * from its template (named `<schedule>-<UTC yyyyMMddHHmmss>`, labelled
   * `velero.io/schedule-name`) and sets the Schedule's `status.lastBackup`.
   * The Backup then runs and completes like any other.
   */
  runSchedule(namespace: string, name: string): KubeObject {
    return this.operator('velero', this.controllers.velero).runSchedule(
      namespace,
      name,
    );
  }

  /**
   * Makes the simulated object storage lose (or regain) a bucket: Velero's
   * BackupStorageLocations on it become Unavailable (Available again).
   */
  setBucketReachable(bucket: string, reachable: boolean) {
    this.operator('velero', this.controllers.velero).setBucketReachable(
      bucket,
      reachable,
    );
  }

  /**
   * Sets how far a CloudNativePG replica cluster lags behind its source
   * (`status.replica.lagSeconds`); undefined returns to the default, its
   * `spec.replica.minApplyDelay` (0 without one).
   */
  setReplicationLag(namespace: string, name: string, seconds?: number) {
    this.operator('cnpg', this.controllers.cnpg).setReplicationLag(
      namespace,
      name,
      seconds,
    );
  }

  private operator<T>(
    profile: SimulatedOperator,
    controller: T | undefined,
  ): T {
    if (!controller) {
      throw new StatusError(
        400,
        'BadRequest',
        `cluster ${this.name} does not run ${profile}: start it with operators: ['${profile}']`,
      );
    }
    return controller;
  }

  /** Marks a node NotReady (with the unreachable taint) or Ready again. */
  setNodeReady(nodeName: string, ready: boolean) {
    setNodeReady(this.ops, nodeName, ready);
  }

  kubeconfigCluster() {
    return {
      server: this.url,
      ...(this.caData
        ? { 'certificate-authority-data': this.caData }
        : { 'insecure-skip-tls-verify': true }),
    };
  }

  /** Stops serving and the controllers; with a state directory, saves the objects. */
  async stop() {
    this.controllers.stop();
    this.watches.dropAll('close');
    await this.server.close();
    await this.saver?.stop();
  }

  private async serve(identity: ClusterIdentity | undefined) {
    if (!this.options.insecure) {
      this.certificates =
        identity?.certificates ?? createClusterCertificates(this.name);
    }
    const admin = createAdminHandler({
      faults: this.faults,
      watches: this.watches,
      writes: options => this.writes(options),
      lastWriteSeq: () => this.ops.writeLog.lastSeq,
      applyFaultSpec: spec => this.applyFaultSpec(spec),
      clearFaults: () => this.clearFaults(),
      runSchedule: (namespace, name) => this.runSchedule(namespace, name),
    });
    const listen = (port: number | undefined) =>
      ClusterServer.listen({
        host: this.options.host,
        port,
        certificates: this.certificates,
        faults: this.faults,
        handler: createApiHandler({
          ops: this.ops,
          auth: this.auth,
          faults: this.faults,
          watches: this.watches,
          admin,
        }),
      });
    const savedPort = this.options.port ?? identity?.port;
    try {
      this.server = await listen(savedPort);
    } catch (error) {
      // The port of an earlier run may be taken meanwhile: kubeconfigs are rewritten at start anyway.
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!taken || this.options.port !== undefined) throw error;
      this.server = await listen(0);
    }
  }

  /** Saves the identity at once and the objects from now on. */
  private async keepState(directory: string) {
    await writeIdentity(directory, {
      adminToken: this.adminToken,
      readOnlyToken: this.readOnlyToken,
      certificates: this.certificates,
      port: this.server.port,
    });
    this.saver = new StateSaver(this.ops, directory, error =>
      process.emitWarning(
        `kube-sim could not save cluster ${this.name} to ${directory}: ${error.message}`,
      ),
    );
    await this.saver.save();
  }

  /** The admin endpoint's fault vocabulary, also usable from code. */
  applyFaultSpec(spec: FaultSpec) {
    if (spec.error) this.injectError(spec.error);
    if (spec.latency) this.injectLatency(spec.latency);
    if (spec.dropConnection) this.dropConnections(spec.dropConnection);
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
    if (spec.bucketReachable) {
      this.setBucketReachable(
        spec.bucketReachable.bucket,
        spec.bucketReachable.reachable,
      );
    }
    if (spec.replicationLag) {
      const { namespace, name, seconds } = spec.replicationLag;
      this.setReplicationLag(namespace, name, seconds ?? undefined);
    }
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
