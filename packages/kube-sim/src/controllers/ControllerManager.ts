import { Operations } from '../operations/Operations';
import { ResourceType, storageKeyOf } from '../resources/ResourceType';
import { StoredEvent } from '../store/ObjectStore';
import { KubeObject } from '../kube/types';
import { Controller } from './Controller';
import { ControllerContext } from './ControllerContext';
import { establishedStatus, typesFromCrd } from './customResources';
import { reconcileDaemonSet } from './daemonSetController';
import { reconcileDeployment } from './deploymentController';
import { reconcileJob } from './jobController';
import { markPodsNotReady, startPod } from './kubelet';
import { isActive } from './podState';
import { LoadBalancerController } from './loadBalancerController';
import {
  operatorControllers,
  OperatorSettings,
} from './operators/operatorControllers';
import { reconcileReplicaSet } from './replicaSetController';
import { schedulePods } from './scheduler';
import { reconcileStatefulSet } from './statefulSetController';
import { clone } from '../kube/clone';

type Obj = Record<string, any>;

export type ControllerOptions = OperatorSettings & {
  /** How long a bound pod takes to start (ms). */
  podStartupMs: number;
  /** Whether controllers record Events (off in large benchmarks). */
  recordEvents: boolean;
  /** The cluster's position in its fleet: picks its LoadBalancer addresses. */
  index: number;
};

/** setTimeout's limit: a controller waiting longer looks again then. */
const MAX_DELAY_MS = 2 ** 31 - 1;

const WORKLOADS: Record<
  string,
  (ctx: ControllerContext, o: KubeObject) => void
> = {
  'apps/deployments': reconcileDeployment,
  'apps/replicasets': reconcileReplicaSet,
  'apps/statefulsets': reconcileStatefulSet,
  'apps/daemonsets': reconcileDaemonSet,
  'batch/jobs': reconcileJob,
};

/**
 * The controller loop of one cluster: reacts to stored changes, reconciles
 * owners of what changed in batches (setImmediate), runs the scheduler and
 * the kubelet, garbage-collects dependents and finalizes namespaces and CRDs;
 * gives LoadBalancer Services an address and runs the test controllers of
 * the cluster's operators.
 */
export class ControllerManager {
  readonly ctx: ControllerContext;
  /** Velero's controller, when the cluster runs Velero (schedules on demand, bucket faults). */
  readonly velero;
  /** CloudNativePG's controller, when the cluster runs it (replication lag faults). */
  readonly cnpg;
  /** Reconcile functions by storage key: workloads, Services, operators' kinds. */
  private readonly reconcilers: Record<string, (object: KubeObject) => void>;
  private readonly kindControllers: Controller[];
  /** Reconciles waiting on the clock, by queue key. */
  private readonly requeues = new Map<
    string,
    { due: number; timer: NodeJS.Timeout }
  >();
  private readonly queue = new Map<
    string,
    { storageKey: string; namespace?: string; name: string }
  >();
  private readonly pendingPods = new Map<
    string,
    { namespace: string; name: string }
  >();
  /** Pods no node could take: retried when capacity frees up or nodes change. */
  private readonly unschedulable = new Map<
    string,
    { namespace: string; name: string }
  >();
  private readonly starting = new Map<string, NodeJS.Timeout>();
  private readonly crdTypes = new Map<string, ResourceType[]>();
  /** Owner uid → dependents, for garbage collection. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly liveUids = new Set<string>();
  private scheduled = false;
  private stopped = false;
  /** Controllers pause (pods stay Pending) while a fault says so. */
  paused = false;
  private unsubscribe: () => void;

  constructor(
    private readonly ops: Operations,
    readonly options: ControllerOptions,
  ) {
    this.ctx = new ControllerContext(
      ops,
      uid => this.dependents.get(uid) ?? [],
      (type, object, delayMs) =>
        this.requeueAfter(storageKeyOf(type), object, delayMs),
    );
    this.ctx.recordEvents = options.recordEvents;
    const operators = operatorControllers(this.ctx, options);
    this.velero = operators.velero;
    this.cnpg = operators.cnpg;
    this.kindControllers = [
      new LoadBalancerController(this.ctx, options.index),
      ...operators.all,
    ];
    this.reconcilers = Object.assign(
      Object.fromEntries(
        Object.entries(WORKLOADS).map(([key, reconcile]) => [
          key,
          (o: KubeObject) => reconcile(this.ctx, o),
        ]),
      ),
      ...this.kindControllers.map(c => c.reconcilers),
    );
    this.unsubscribe = ops.store.subscribe(e => this.observe(e));
  }

  stop() {
    this.stopped = true;
    this.unsubscribe();
    for (const t of this.starting.values()) clearTimeout(t);
    this.starting.clear();
    for (const r of this.requeues.values()) clearTimeout(r.timer);
    this.requeues.clear();
  }

  /** Resolves once no reconcile is queued (tests and benchmarks wait on this). */
  async idle(): Promise<void> {
    while (
      this.scheduled ||
      this.queue.size ||
      (this.pendingPods.size && !this.paused)
    ) {
      await new Promise(r => setImmediate(r));
    }
  }

  resume() {
    this.paused = false;
    for (const type of Object.keys(this.reconcilers)) {
      for (const o of this.ops.store.list(type)) this.enqueue(type, o);
    }
    for (const pod of this.ops.store.list('/pods')) this.observePod(pod);
    this.kick();
  }

  /**
   * Deletes dependents whose owners are all gone, as the garbage collector
   * does once it has built its graph (after a restore: a save may have caught
   * a cascade half done).
   */
  collectOrphans() {
    for (const ownerUid of [...this.dependents.keys()]) {
      if (!this.liveUids.has(ownerUid)) this.collectDependents(ownerUid);
    }
  }

  private observe(event: StoredEvent) {
    const { storageKey, object, type } = event;
    const uid = object.metadata.uid!;
    if (type === 'DELETED') {
      this.liveUids.delete(uid);
      this.collectDependents(uid);
    } else {
      this.liveUids.add(uid);
    }
    this.indexOwners(event);
    if (storageKey === 'apiextensions.k8s.io/customresourcedefinitions')
      this.observeCrd(event);
    if (this.reconcilers[storageKey] && type !== 'DELETED')
      this.enqueue(storageKey, object);
    for (const controller of this.kindControllers) {
      for (const ref of controller.dependents?.(event) ?? [])
        this.queue.set(`${ref.storageKey}|${ref.namespace}|${ref.name}`, ref);
    }
    if (storageKey === '/pods') this.observePod(object, type === 'DELETED');
    if (storageKey === '/nodes') this.observeNode(event);
    if (
      storageKey === '/namespaces' &&
      object.metadata.deletionTimestamp &&
      type !== 'DELETED'
    ) {
      this.enqueue(storageKey, object);
    }
    // Owners react to their dependents (ReplicaSet status feeds the Deployment, pods feed the ReplicaSet).
    for (const ref of object.metadata.ownerReferences ?? []) {
      const ownerKey = ownerStorageKey(ref.apiVersion, ref.kind);
      if (ownerKey && WORKLOADS[ownerKey]) {
        this.queue.set(`${ownerKey}|${object.metadata.namespace}|${ref.name}`, {
          storageKey: ownerKey,
          namespace: object.metadata.namespace,
          name: ref.name,
        });
      }
    }
    this.kick();
  }

  private observeCrd(event: StoredEvent) {
    const name = event.object.metadata.name!;
    for (const t of this.crdTypes.get(name) ?? []) this.ops.registry.remove(t);
    this.crdTypes.delete(name);
    if (event.type === 'DELETED') {
      const [first] = typesFromCrd(event.object);
      if (first) {
        for (const o of this.ops.store.list(
          `${first.group}/${first.resource}`,
        )) {
          this.ops.store.remove(`${first.group}/${first.resource}`, {
            ...o,
            metadata: {
              ...o.metadata,
              resourceVersion: this.ops.store.nextResourceVersion(),
            },
          });
        }
      }
      return;
    }
    // Served at once, before the status write: a CR applied right after the CRD works.
    const types = typesFromCrd(event.object);
    for (const t of types) this.ops.registry.add(t);
    this.crdTypes.set(name, types);
    this.enqueue(event.storageKey, event.object);
  }

  private observePod(pod: KubeObject, deleted = false) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const p = pod as Obj;
    // A terminal pod is never scheduled or (re)started, as with a real kubelet.
    if (deleted || !isActive(p)) {
      clearTimeout(this.starting.get(key));
      this.starting.delete(key);
      this.pendingPods.delete(key);
      this.unschedulable.delete(key);
      if (p.spec?.nodeName) this.retryUnschedulable();
      return;
    }
    if (!p.spec?.nodeName) {
      this.pendingPods.set(key, {
        namespace: pod.metadata.namespace!,
        name: pod.metadata.name!,
      });
      return;
    }
    const started = (p.status?.containerStatuses ?? []).length > 0;
    if (!started && !this.starting.has(key) && !this.paused) {
      this.starting.set(
        key,
        setTimeout(() => {
          this.starting.delete(key);
          if (this.stopped || this.paused) return;
          const current = this.ops.store.get(
            '/pods',
            pod.metadata.namespace,
            pod.metadata.name!,
          );
          if (
            !current ||
            !isActive(current) ||
            (current.status as Obj)?.containerStatuses?.length
          )
            return;
          const node = this.ops.store.get(
            '/nodes',
            undefined,
            (current.spec as Obj).nodeName,
          );
          startPod(this.ctx, current, node);
        }, this.options.podStartupMs).unref(),
      );
    }
  }

  private retryUnschedulable() {
    for (const [key, pod] of this.unschedulable) this.pendingPods.set(key, pod);
    this.unschedulable.clear();
  }

  private observeNode(event: StoredEvent) {
    if (event.type === 'DELETED') return;
    const ready = ((event.object.status as Obj)?.conditions ?? []).some(
      (c: Obj) => c.type === 'Ready' && c.status === 'True',
    );
    const wasReady = ((event.previous?.status as Obj)?.conditions ?? []).some(
      (c: Obj) => c.type === 'Ready' && c.status === 'True',
    );
    if (!ready && wasReady)
      markPodsNotReady(this.ctx, event.object.metadata.name!);
    if (ready) {
      this.retryUnschedulable();
      for (const ds of this.ops.store.list('apps/daemonsets'))
        this.enqueue('apps/daemonsets', ds);
    }
  }

  /** Reconciles an object again after a delay (the earliest one asked for wins). */
  private requeueAfter(
    storageKey: string,
    object: KubeObject,
    delayMs: number,
  ) {
    if (this.stopped) return;
    const key = `${storageKey}|${object.metadata.namespace}|${object.metadata.name}`;
    const due = Date.now() + delayMs;
    const waiting = this.requeues.get(key);
    if (waiting && waiting.due <= due) return;
    if (waiting) clearTimeout(waiting.timer);
    const timer = setTimeout(() => {
      this.requeues.delete(key);
      this.enqueue(storageKey, object);
      this.kick();
    }, Math.min(delayMs, MAX_DELAY_MS)).unref();
    this.requeues.set(key, { due, timer });
  }

  private enqueue(storageKey: string, object: KubeObject) {
    this.queue.set(
      `${storageKey}|${object.metadata.namespace}|${object.metadata.name}`,
      {
        storageKey,
        namespace: object.metadata.namespace,
        name: object.metadata.name!,
      },
    );
  }

  private kick() {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run() {
    this.scheduled = false;
    if (this.stopped) return;
    const batch = [...this.queue.values()];
    this.queue.clear();
    for (const item of batch) {
      const object = this.ops.store.get(
        item.storageKey,
        item.namespace,
        item.name,
      );
      if (!object) continue;
      if (
        this.paused &&
        item.storageKey !== 'apiextensions.k8s.io/customresourcedefinitions'
      )
        continue;
      if (item.storageKey === '/namespaces') this.finalizeNamespace(object);
      else if (
        item.storageKey === 'apiextensions.k8s.io/customresourcedefinitions'
      ) {
        const crdType = this.ctx.type(
          'apiextensions.k8s.io',
          'customresourcedefinitions',
        );
        this.ctx.writeStatus(
          crdType,
          object,
          establishedStatus(object, this.ops.clock.timestamp()),
          'apiextensions-apiserver',
        );
      } else this.reconcilers[item.storageKey]?.(object);
    }
    if (this.pendingPods.size && !this.paused) {
      const pending = [...this.pendingPods.values()]
        .map(p => this.ops.store.get('/pods', p.namespace, p.name))
        .filter((p): p is KubeObject =>
          Boolean(
            p && !(p.spec as Obj)?.nodeName && !p.metadata.deletionTimestamp,
          ),
        );
      this.pendingPods.clear();
      for (const pod of schedulePods(this.ctx, pending)) {
        this.unschedulable.set(
          `${pod.metadata.namespace}/${pod.metadata.name}`,
          {
            namespace: pod.metadata.namespace!,
            name: pod.metadata.name!,
          },
        );
      }
    }
    if (this.queue.size) this.kick();
  }

  private indexOwners(event: StoredEvent) {
    const id = `${event.storageKey}|${event.object.metadata.namespace ?? ''}|${
      event.object.metadata.name
    }`;
    for (const ref of event.previous?.metadata.ownerReferences ?? [])
      this.dependents.get(ref.uid)?.delete(id);
    for (const ref of event.object.metadata.ownerReferences ?? []) {
      if (event.type === 'DELETED') {
        this.dependents.get(ref.uid)?.delete(id);
        continue;
      }
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(id);
    }
  }

  /** Background propagation: dependents whose owners are all gone are deleted. */
  private collectDependents(ownerUid: string) {
    const ids = this.dependents.get(ownerUid);
    this.dependents.delete(ownerUid);
    if (!ids?.size) return;
    setImmediate(() => {
      for (const id of ids) {
        const [storageKey, namespace, name] = id.split('|');
        const object = this.ops.store.get(
          storageKey,
          namespace || undefined,
          name,
        );
        if (!object) continue;
        const refs = object.metadata.ownerReferences ?? [];
        if (refs.some(r => this.liveUids.has(r.uid))) continue;
        const type = this.ops.registry
          .all()
          .find(t => `${t.group}/${t.resource}` === storageKey);
        if (type) this.ctx.delete(type, object, 'garbage-collector');
      }
    });
  }

  /** Deletes a terminating namespace's contents, then lets it go. */
  private finalizeNamespace(ns: KubeObject) {
    const name = ns.metadata.name!;
    let remaining = 0;
    const seen = new Set<string>();
    for (const type of this.ops.registry.all()) {
      const key = `${type.group}/${type.resource}`;
      if (!type.namespaced || type.virtual || seen.has(key)) continue;
      seen.add(key);
      for (const object of this.ops.store.list(key, name)) {
        remaining++;
        this.ctx.delete(type, object, 'namespace-controller');
      }
    }
    if (remaining === 0) {
      const next = clone(ns);
      (next.spec as Obj).finalizers = [];
      this.ctx.update(
        this.ctx.type('', 'namespaces'),
        next,
        'namespace-controller',
      );
    } else {
      // Objects with finalizers hold the namespace; look again shortly.
      setTimeout(() => {
        this.enqueue('/namespaces', ns);
        this.kick();
      }, 100).unref();
    }
  }
}

function ownerStorageKey(apiVersion: string, kind: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const resource = {
    Deployment: 'deployments',
    ReplicaSet: 'replicasets',
    StatefulSet: 'statefulsets',
    DaemonSet: 'daemonsets',
    Job: 'jobs',
  }[kind];
  return resource ? `${group}/${resource}` : undefined;
}
