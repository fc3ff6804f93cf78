import { KubeObject } from '../../kube/types';
import { Controller } from '../Controller';
import { ControllerContext } from '../ControllerContext';
import { parseGoDuration } from './goDuration';
import { metaCondition } from './metaCondition';

type Obj = Record<string, any>;

const CLUSTERS = 'postgresql.cnpg.io/clusters';
const MANAGER = 'cloudnative-pg';
const HEALTHY = 'Cluster in healthy state';

/**
 * CloudNativePG's view of a Cluster, without pods: its instances come up
 * one step after a change (phase `Setting up primary`, then
 * `Creating a new replica` while scaling up, then `Cluster in healthy state`
 * with the Ready condition), the first instance is the primary, and
 * `status.replica` (kube-sim's own field) says whether the Cluster is the
 * primary or a replica of its topology and how far a replica lags behind its
 * source (`lagSeconds`). A primary demoted to a replica publishes a demotion
 * token; a replica promoted with a `promotionToken` records it as
 * `lastPromotionToken`.
 */
export class CnpgController implements Controller {
  readonly reconcilers = {
    [CLUSTERS]: (o: KubeObject) => this.reconcile(o),
  };
  /** Lag set by a fault, by `namespace/name`, in seconds. */
  private readonly lagOverrides = new Map<string, number>();
  /** When each changing Cluster's instances are all ready (ms). */
  private readonly readyAt = new Map<string, number>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly stepMs: number,
  ) {}

  /** A replica's lag as a fault sets it (a slow link); undefined returns to minApplyDelay. */
  setReplicationLag(namespace: string, name: string, seconds?: number) {
    const key = `${namespace}/${name}`;
    if (seconds === undefined) this.lagOverrides.delete(key);
    else this.lagOverrides.set(key, seconds);
    this.reconcileLater(namespace, name);
  }

  clearFaults() {
    const keys = [...this.lagOverrides.keys()];
    this.lagOverrides.clear();
    for (const key of keys) {
      const [namespace, name] = key.split('/');
      this.reconcileLater(namespace, name);
    }
  }

  private reconcileLater(namespace: string, name: string) {
    const cluster = this.ctx.ops.store.get(CLUSTERS, namespace, name);
    const type = cluster && this.ctx.typeOf(CLUSTERS, cluster);
    if (type) this.ctx.requeueAfter(type, cluster, 0);
  }

  private reconcile(cluster: KubeObject) {
    const type = this.ctx.typeOf(CLUSTERS, cluster);
    if (!type) return;
    const { name, namespace, uid, generation } = cluster.metadata;
    const spec = (cluster.spec ?? {}) as Obj;
    const status = (cluster.status ?? {}) as Obj;
    const instances: number = spec.instances ?? 1;
    const names = Array.from(
      { length: instances },
      (_, i) => `${name}-${i + 1}`,
    );
    const primary = names[0];
    const now = this.ctx.ops.clock.now();
    let ready = Math.min(status.readyInstances ?? 0, instances);
    if (ready < instances || !status.currentPrimary) {
      if (!this.readyAt.has(uid!)) this.readyAt.set(uid!, now + this.stepMs);
      const at = this.readyAt.get(uid!)!;
      if (now >= at) {
        ready = instances;
        this.readyAt.delete(uid!);
      } else {
        this.ctx.requeueAfter(type, cluster, at - now);
      }
    }
    const currentPrimary = ready > 0 ? primary : undefined;
    let phase = HEALTHY;
    if (!currentPrimary) phase = 'Setting up primary';
    else if (ready < instances) phase = 'Creating a new replica';
    const nowText = this.ctx.ops.clock.timestamp();
    const next: Obj = {
      ...status,
      phase,
      instances,
      readyInstances: ready,
      instanceNames: names,
      instancesStatus: { healthy: names.slice(0, ready) },
      targetPrimary: primary,
      latestGeneratedNode: instances,
      timelineID: status.timelineID ?? 1,
      selector: `cnpg.io/cluster=${name}`,
      writeService: `${name}-rw`,
      readService: `${name}-r`,
      conditions: [
        metaCondition(
          status.conditions,
          phase === HEALTHY
            ? {
                type: 'Ready',
                status: true,
                reason: 'ClusterIsReady',
                message: 'Cluster is Ready',
              }
            : {
                type: 'Ready',
                status: false,
                reason: 'ClusterIsNotReady',
                message: 'Cluster Is Not Ready',
              },
          nowText,
          generation,
        ),
      ],
    };
    if (currentPrimary) {
      next.currentPrimary = currentPrimary;
      if (status.currentPrimary !== currentPrimary)
        next.currentPrimaryTimestamp = nowText;
    }
    const was = status.replica?.role;
    if (isReplica(cluster)) {
      next.replica = {
        role: 'replica',
        lagSeconds:
          this.lagOverrides.get(`${namespace}/${name}`) ??
          (parseGoDuration(spec.replica?.minApplyDelay ?? '0') ?? 0) / 1000,
      };
      if (was === 'primary')
        next.demotionToken = demotionToken(cluster, nowText);
    } else {
      next.replica = { role: 'primary' };
      if (was === 'replica') {
        delete next.demotionToken;
        if (spec.replica?.promotionToken)
          next.lastPromotionToken = spec.replica.promotionToken;
      }
    }
    this.ctx.writeStatus(type, cluster, next, MANAGER);
  }
}

/**
 * CloudNativePG's Cluster.IsReplica: `replica.enabled` when set, otherwise
 * whether the cluster (`replica.self`, its name by default) is not the
 * distributed topology's `replica.primary`.
 */
export function isReplica(cluster: KubeObject): boolean {
  const replica = (cluster.spec as Obj)?.replica;
  if (!replica) return false;
  if (replica.enabled !== undefined) return Boolean(replica.enabled);
  return (replica.self || cluster.metadata.name) !== replica.primary;
}

/** What a demoted primary publishes for its successor's promotionToken (base64 JSON, as CloudNativePG's). */
function demotionToken(cluster: KubeObject, now: string) {
  return Buffer.from(
    JSON.stringify({
      latestCheckpointTimelineID: '1',
      redoWALFile: '000000010000000000000003',
      databaseSystemIdentifier: cluster.metadata.uid,
      latestCheckpointREDOLocation: '0/3000028',
      timeOfLatestCheckpoint: now,
    }),
  ).toString('base64');
}
