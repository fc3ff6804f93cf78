import {
  ClusterSyncState,
  ObjectSyncState,
  ObjectSyncStatus,
  SyncRole,
} from '@miniplanes/plugin-miniplanes-common';
import pLimit from 'p-limit';
import { ClusterBackoff } from '../cluster/ClusterBackoff';
import { ClusterClient } from '../cluster/ClusterClient';
import { toClusterCallError } from '../cluster/clusterErrors';
import {
  ADOPT_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGER,
  SERVICE_LABEL,
} from '../cluster/labels';
import { describeObject, KubeObject } from '../cluster/objectIdentity';
import { DesiredObject, planClusterSync, SyncAction } from './planClusterSync';
import { applyRank } from './applyOrder';
import { NamespaceEnsurer } from '../cluster/NamespaceEnsurer';
import { workloadReadiness } from './workloadReadiness';

/** One federated service as the sync sees it. */
export interface ServiceSyncTarget {
  entityRef: string;
  /** The SERVICE_LABEL value on every object of this service. */
  serviceLabel: string;
  /** For every cluster of the fleet, what should be there (possibly nothing). */
  desired: Map<string, DesiredObject[]>;
  /** Kinds this service used in earlier syncs, so objects of dropped kinds are found too. */
  knownKinds?: KindRef[];
  /** Per cluster, the retained data objects (objectKey) an approved spec releases for deletion. */
  releasable?: Map<string, Set<string>>;
}

export interface KindRef {
  apiVersion: string;
  kind: string;
}

/** What one sync did for one service in one cluster. */
export interface ServiceClusterReport {
  entityRef: string;
  cluster: string;
  state: ClusterSyncState;
  objects: ObjectSyncStatus[];
  writes: number;
  message?: string;
  syncedAt: string;
}

export interface SyncEngineOptions {
  /** Concurrent writes per cluster. */
  concurrencyPerCluster: number;
  backoff: ClusterBackoff;
  now?: () => Date;
}

/** Runs a cluster call within the cluster's concurrency bound. */
type LimitedCall = <T>(fn: () => Promise<T>) => Promise<T>;

/** The namespace objects of namespaced kinds default to when a manifest has none. */
const DEFAULT_NAMESPACE = 'default';

/**
 * Makes member clusters hold what the placement decisions say, cluster by
 * cluster, all clusters at once: a slow or failing cluster only delays itself.
 * It reads first and writes only what is missing, changed or drifted, so a
 * steady state costs no writes. It never deletes data, and never touches an
 * object it did not create unless the manifest says to adopt it.
 */
export class SyncEngine {
  constructor(private readonly options: SyncEngineOptions) {}

  /**
   * `signal` is the scheduler's: once it aborts (task timeout, shutdown), no
   * further cluster call starts, so a pass never overlaps the next run.
   */
  async syncAll(
    clients: ClusterClient[],
    targets: ServiceSyncTarget[],
    signal?: AbortSignal,
  ): Promise<ServiceClusterReport[]> {
    const perCluster = await Promise.all(
      clients.map(client => this.syncCluster(client, targets, signal)),
    );
    return perCluster.flat();
  }

  async syncCluster(
    client: ClusterClient,
    targets: ServiceSyncTarget[],
    signal?: AbortSignal,
  ): Promise<ServiceClusterReport[]> {
    const cluster = client.cluster;
    const syncedAt = (this.options.now?.() ?? new Date()).toISOString();
    const waitMs = this.options.backoff.remainingMs(cluster);
    if (waitMs > 0) {
      return targets.map(t => ({
        entityRef: t.entityRef,
        cluster,
        state: 'BackingOff' as const,
        objects: [],
        writes: 0,
        message: `cluster ${cluster} is backing off after errors; next attempt in ${Math.ceil(
          waitMs / 1000,
        )} s`,
        syncedAt,
      }));
    }
    try {
      const reports = await this.syncReachableCluster(
        client,
        targets,
        syncedAt,
        signal,
      );
      this.options.backoff.recordSuccess(cluster);
      return reports;
    } catch (error) {
      const failure = toClusterCallError(cluster, 'sync', error);
      if (failure.retryable) {
        this.options.backoff.recordFailure(cluster, failure.retryAfterMs);
      }
      return targets.map(t => ({
        entityRef: t.entityRef,
        cluster,
        state: 'Error' as const,
        objects: [],
        writes: 0,
        message: failure.message,
        syncedAt,
      }));
    }
  }

  private async syncReachableCluster(
    client: ClusterClient,
    targets: ServiceSyncTarget[],
    syncedAt: string,
    signal?: AbortSignal,
  ): Promise<ServiceClusterReport[]> {
    const cluster = client.cluster;
    const kinds = collectKinds(cluster, targets);
    const scopes = new Map<string, 'Namespaced' | 'Cluster' | undefined>();
    const observedByService = new Map<string, KubeObject[]>();
    for (const kind of kinds.values()) {
      const scope = await client.scopeOf(kind.apiVersion, kind.kind);
      scopes.set(kindKey(kind), scope);
      if (!scope) continue;
      const live = await client.list(
        kind.apiVersion,
        kind.kind,
        `${MANAGED_BY_LABEL}=${MANAGER}`,
      );
      for (const object of live) {
        const service = object.metadata.labels?.[SERVICE_LABEL];
        if (!service) continue;
        const list = observedByService.get(service) ?? [];
        list.push(object);
        observedByService.set(service, list);
      }
    }

    const namespaces = new NamespaceEnsurer(client);
    // One bound for the whole cluster, shared by all services, so services
    // are written side by side rather than one after the other.
    const limit = pLimit(this.options.concurrencyPerCluster);
    let failure: unknown;
    const call: LimitedCall = fn =>
      limit(async () => {
        // Once the cluster failed its sync is over: queued calls are not made.
        if (failure) throw failure;
        if (signal?.aborted) {
          failure = new Error(
            'the sync task was stopped (timeout or shutdown); the next run resumes it',
          );
          throw failure;
        }
        try {
          return await fn();
        } catch (error) {
          failure ??= error;
          throw error;
        }
      });
    return Promise.all(
      targets.map(async (target): Promise<ServiceClusterReport> => {
        const desired = (target.desired.get(cluster) ?? []).map(item =>
          withNamespace(item, scopes.get(kindKey(item.manifest))),
        );
        const unserved = desired.filter(d => !scopes.get(kindKey(d.manifest)));
        const servable = desired.filter(d => scopes.get(kindKey(d.manifest)));
        const plan = planClusterSync(
          servable,
          observedByService.get(target.serviceLabel) ?? [],
          target.releasable?.get(cluster),
        );
        const objects = [
          ...unserved.map(d =>
            statusOf(d.manifest, d.role, 'Error', 'skipped', {
              message: `cluster ${cluster} does not serve ${d.manifest.apiVersion} ${d.manifest.kind}`,
            }),
          ),
          ...(await this.execute(client, plan, namespaces, call)),
        ];
        return {
          entityRef: target.entityRef,
          cluster,
          state: clusterState(objects),
          objects,
          writes: objects.filter(
            o => o.action === 'applied' || o.action === 'pruned',
          ).length,
          message: objects.find(
            o => o.state === 'Error' || o.state === 'Conflict',
          )?.message,
          syncedAt,
        };
      }),
    );
  }

  /** Runs a service's plan: applies by dependency rank (each rank in parallel), then prunes. */
  private async execute(
    client: ClusterClient,
    plan: SyncAction[],
    namespaces: NamespaceEnsurer,
    call: LimitedCall,
  ): Promise<ObjectSyncStatus[]> {
    const results: ObjectSyncStatus[] = [];
    const applies = plan.filter(a => a.type === 'apply');
    const ranks = [...new Set(applies.map(a => applyRank(a)))].sort(
      (a, b) => a - b,
    );
    for (const rank of ranks) {
      const batch = applies.filter(a => applyRank(a) === rank);
      results.push(
        ...(await Promise.all(
          batch.map(action =>
            call(() => this.apply(client, action, namespaces)),
          ),
        )),
      );
    }
    for (const action of plan) {
      if (action.type === 'unchanged') {
        const readiness = workloadReadiness(action.object);
        results.push(
          statusOf(
            action.object,
            action.role,
            readiness.progressing ? 'Progressing' : 'InSync',
            'none',
            readiness,
          ),
        );
      } else if (action.type === 'retain') {
        results.push(
          statusOf(action.object, 'data', 'Retained', 'retained', {
            message: `${describeObject(
              action.object,
            )} holds data and is no longer placed here; it is kept until an approved version releases this cluster (spec.data.release)`,
          }),
        );
      }
    }
    for (const action of plan) {
      if (action.type !== 'prune') continue;
      await call(() => client.delete(action.object));
      results.push(
        statusOf(action.object, action.role, 'InSync', 'pruned', {}),
      );
    }
    return results;
  }

  private async apply(
    client: ClusterClient,
    action: Extract<SyncAction, { type: 'apply' }>,
    namespaces: NamespaceEnsurer,
  ): Promise<ObjectSyncStatus> {
    const { manifest, role } = action;
    if (action.reason === 'missing') {
      // Something of that name may exist without miniplanes' labels: it is
      // someone else's, and stays untouched unless adoption was approved.
      const existing = await client.get(manifest);
      const adopt =
        manifest.metadata.annotations?.[ADOPT_ANNOTATION] === 'true';
      if (
        existing &&
        existing.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGER &&
        !adopt
      ) {
        return statusOf(manifest, role, 'Conflict', 'skipped', {
          message: `${describeObject(manifest)} already exists in cluster ${
            client.cluster
          } and is not managed by miniplanes; adopt it through a placement request`,
        });
      }
      if (manifest.metadata.namespace) {
        await namespaces.ensure(manifest.metadata.namespace);
      }
    }
    try {
      const applied = await client.apply(manifest);
      const readiness = workloadReadiness(applied);
      return statusOf(
        applied,
        role,
        action.reason === 'drift' ? 'Drifted' : 'Progressing',
        'applied',
        {
          ...readiness,
          reason: action.reason,
          driftedFields:
            action.reason === 'drift' ? action.driftedFields : undefined,
        },
      );
    } catch (error) {
      const failure = toClusterCallError(client.cluster, 'apply', error);
      // A refused object is that object's problem; an unreachable cluster ends the sync of the cluster.
      if (failure.retryable) throw failure;
      return statusOf(manifest, role, 'Error', 'skipped', {
        message: failure.message,
      });
    }
  }
}

function kindKey(kind: KindRef): string {
  return `${kind.apiVersion}/${kind.kind}`;
}

function collectKinds(
  cluster: string,
  targets: ServiceSyncTarget[],
): Map<string, KindRef> {
  const kinds = new Map<string, KindRef>();
  for (const target of targets) {
    for (const d of target.desired.get(cluster) ?? []) {
      kinds.set(kindKey(d.manifest), {
        apiVersion: d.manifest.apiVersion,
        kind: d.manifest.kind,
      });
    }
    for (const k of target.knownKinds ?? []) kinds.set(kindKey(k), k);
  }
  return kinds;
}

function withNamespace(
  item: DesiredObject,
  scope: 'Namespaced' | 'Cluster' | undefined,
): DesiredObject {
  if (scope !== 'Namespaced' || item.manifest.metadata.namespace) return item;
  return {
    ...item,
    manifest: {
      ...item.manifest,
      metadata: { ...item.manifest.metadata, namespace: DEFAULT_NAMESPACE },
    },
  };
}

function statusOf(
  object: KubeObject,
  role: SyncRole,
  state: ObjectSyncState,
  action: ObjectSyncStatus['action'],
  extra: Partial<ObjectSyncStatus> & { progressing?: boolean },
): ObjectSyncStatus {
  const { progressing: _ignored, ...rest } = extra;
  const generation = object.metadata.generation;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    role,
    state,
    action,
    ...(typeof generation === 'number' ? { generation } : {}),
    ...rest,
  };
}

/** The worst state among a cluster's objects decides the cluster's. */
function clusterState(objects: ObjectSyncStatus[]): ClusterSyncState {
  if (objects.some(o => o.state === 'Error' || o.state === 'Conflict'))
    return 'Error';
  if (objects.some(o => o.state === 'Drifted')) return 'Drifted';
  if (objects.some(o => o.state === 'Progressing')) return 'Progressing';
  return 'InSync';
}
