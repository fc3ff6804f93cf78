/**
 * A generated scenario, as plain JSON: what a failure prints and a replay
 * reads. Steps name clusters, services and requests by position (`pick`),
 * resolved against the run's state when the step runs, so that a shrunk
 * scenario stays meaningful.
 */

export type Role = 'data' | 'compute' | 'config';

export type ResourceKind =
  | 'StatefulSet'
  | 'Deployment'
  | 'ConfigMap'
  | 'PersistentVolumeClaim'
  | 'Namespace'
  | 'Service';

export interface ClusterShape {
  name: string;
  jurisdiction: string;
  region: string;
  /** A label selectors and overrides pick clusters by. */
  group: 'blue' | 'green';
  capabilities: string[];
  /** Whether the cluster carries `spot=true:NoSchedule` at start. */
  spotTaint: boolean;
  nodes: { count: number; cpu: number };
  /** Found by the cluster locator from the start (the others join later, if a step says so). */
  located: boolean;
}

export interface ResourceShape {
  kind: ResourceKind;
  role: Role;
  name: string;
  /** The manifest carries `miniplanes.io/adopt: "true"`. */
  adopt?: boolean;
  /**
   * A StatefulSet's volumeClaimTemplates, with the claim retention policy
   * (Retain, or Delete when scaled or when deleted: refused at filing), or
   * none (`Default`: Kubernetes retains, and a hand edit may change it).
   */
  claims?: 'Default' | 'Retain' | 'DeleteWhenScaled' | 'DeleteWhenDeleted';
}

export type ReplicasShape =
  | { mode: 'Duplicated'; total: number }
  | { mode: 'Divided'; total: number; weighting: 'Capacity' }
  | {
      mode: 'Divided';
      total: number;
      weighting: 'Static';
      weights: { group: 'blue' | 'green'; weight: number }[];
    };

export interface OverrideShape {
  /** Clusters of this group, or of this region. */
  group?: 'blue' | 'green';
  region?: string;
  env?: string;
  image?: string;
  /** A JSON patch of a path no Deployment has: fails wherever it matches. */
  badPatch?: boolean;
}

/** spec.rollout: a first stage of one group's clusters, then the rest. */
export interface RolloutShape {
  canary: 'blue' | 'green';
  /** The rest waits behind a gate an approver opens. */
  gate: boolean;
  /** Clusters of the rest that change at once. */
  maxConcurrency?: number;
  onFailure: 'Pause' | 'Rollback';
  progressDeadlineMinutes: number;
}

export interface ServiceShape {
  name: string;
  namespace: string;
  classification?: string;
  residency?: string[];
  /** clusterSelector: clusters of this group only. */
  group?: 'blue' | 'green';
  requires?: string[];
  tolerateSpot?: boolean;
  computeOutsideResidency?: boolean;
  spreadMin?: number;
  replicas: ReplicasShape;
  resources: ResourceShape[];
  overrides: OverrideShape[];
  /** spec.data.release */
  release: string[];
  imageTag: string;
  rollout?: RolloutShape;
}

/** A change a request proposes to a service's current shape. */
export type Change =
  | { kind: 'group'; group: 'blue' | 'green' | null }
  | { kind: 'residency'; residency: string[] | null }
  | { kind: 'addResource'; resource: ResourceShape }
  | { kind: 'removeResource'; pick: number }
  | { kind: 'role'; pick: number; role: Role }
  | { kind: 'release'; pick: number }
  | { kind: 'unrelease' }
  | { kind: 'adopt'; pick: number }
  | { kind: 'override'; override: OverrideShape }
  | { kind: 'replicas'; replicas: ReplicasShape }
  | { kind: 'image'; tag: string }
  | { kind: 'tolerateSpot'; tolerate: boolean }
  | { kind: 'requires'; requires: string[] }
  | { kind: 'rollout'; rollout: RolloutShape | null }
  | { kind: 'computeOutsideResidency'; allowed: boolean };

export type Decision = 'approve' | 'reject' | 'withdraw' | 'leave';

export type OutageMode = 'refuse' | 'hang' | 'reset';

export type Step =
  /** The owner files a request for service `service`; an approver (or the owner) then decides it. */
  | { type: 'file'; service: number; changes: Change[]; then: Decision }
  /**
   * The owner moves a service's data to another group of clusters, and once
   * the move is synced, releases a cluster the data left.
   */
  | {
      type: 'relocate';
      service: number;
      group: 'blue' | 'green' | null;
      pick: number;
      /**
       * Aimed at `placeBack`: the first service from `service` whose data a
       * group move (to `group` if it can) takes off a cluster has that
       * cluster released while it refuses deletes, so the release waits. The
       * owner moves the data back, and once it is written there again and
       * the cluster takes deletes again, away again, with no new release.
       */
      aim?: 'placeBack';
    }
  /** A pending request (a fleet proposal among them) is decided. */
  | { type: 'decide'; pick: number; then: Exclude<Decision, 'leave'> }
  | { type: 'locate'; cluster: number; found: boolean }
  | {
      type: 'relabel';
      cluster: number;
      jurisdiction?: string;
      group?: 'blue' | 'green';
      region?: string;
      /**
       * Aimed at `heldData`: the first cluster from `cluster` that holds data
       * of a service (not storage, which is data whatever a version says) is
       * relabelled to a jurisdiction that data may not be in, and once the
       * backends have seen it, the owner calls that data compute and lets
       * compute run outside the residency. Absent: the labels given.
       */
      aim?: 'heldData';
    }
  | { type: 'taint'; cluster: number; spot: boolean }
  | { type: 'capacity'; cluster: number; cpu: number }
  | { type: 'outage'; cluster: number; mode: OutageMode; steps: number }
  | {
      type: 'errors';
      cluster: number;
      status: 429 | 500 | 503;
      verb?: 'list' | 'get' | 'patch' | 'delete' | 'create';
      count: number;
      retryAfterSeconds?: number;
    }
  | {
      type: 'drops';
      cluster: number;
      verb?: 'list' | 'get' | 'patch' | 'delete' | 'create';
      afterCommit: boolean;
      count: number;
    }
  | { type: 'latency'; cluster: number; ms: number; steps: number }
  /**
   * The cluster's watches are cut (closed cleanly or reset), or stall: they
   * stay open but carry no event for some steps (the events are lost).
   */
  | {
      type: 'watches';
      cluster: number;
      fault: 'close' | 'reset' | 'stall';
      steps: number;
    }
  /** Kills the backend (a replica) this long into a sync pass, then restarts it on the same database. */
  | { type: 'kill'; afterMs: number }
  /**
   * The sync does not run during the next steps (its schedule has not come
   * round): changes pile up, the fleet refresh still runs.
   */
  | { type: 'quiet'; steps: number }
  /** Time passes (failover grace periods, request deadlines). */
  | { type: 'clock'; minutes: number }
  /**
   * Someone acts on a staged rollout under way (`service` picks among them):
   * an approver opens the gate of the rest; the owner pauses, resumes, aborts.
   */
  | {
      type: 'rollout';
      service: number;
      action: 'approveStage' | 'pause' | 'resume' | 'abort';
    }
  /**
   * Someone edits a managed object by hand (a label, the replicas), which
   * the sync repairs. Aimed at `claims`: a StatefulSet that makes claims is
   * scaled up under a retention policy that deletes the claims of replicas
   * scaled away. `replace`: someone deletes the object (not a Namespace)
   * and makes their own of that name, without miniplanes' labels, which
   * the sync must leave alone. Absent: any object, edited (as in scenarios
   * recorded before).
   */
  | {
      type: 'drift';
      cluster: number;
      pick: number;
      aim?: 'claims' | 'replace';
      /**
       * Replaced, then its owner moves its service to the other group of
       * clusters, so that the sync comes to delete what it applied there.
       * Absent: it stays (as in scenarios recorded before).
       */
      leave?: boolean;
    }
  /**
   * Someone else creates an object named like one of a service's, where no
   * object of that name is (e.g. after miniplanes claimed it but its write
   * did not land).
   */
  | ({ type: 'foreign'; aim?: undefined } & ForeignObject)
  /**
   * Aimed at a claim whose write never answered: a service placed in the
   * cluster gets a new ConfigMap while the cluster drops the create before
   * it commits; someone makes their own ConfigMap of that name; then the
   * owner moves the service to the other group of clusters, so that the
   * sync comes to delete what it claimed there.
   */
  | { type: 'foreign'; aim: 'unanswered'; cluster: number };

/** An object someone else created before miniplanes arrived, named like one of a service's. */
export interface ForeignObject {
  cluster: number;
  service: number;
  resource: number;
  /**
   * Another miniplanes installation made it (a second portal syncing the
   * same service into the cluster): it carries the service's ownership
   * labels and that installation's name. Absent: someone else's, unlabelled
   * (and in scenarios recorded before it existed).
   */
  installation?: string;
}

export interface Scenario {
  /** The fleet: a pool of simulated clusters, some found by the locator from the start. */
  clusters: ClusterShape[];
  jurisdictions: Record<string, string[]>;
  governance: { classification: string; allowedJurisdictions: string[] }[];
  /** Services filed (and approved, when they can be) before the steps. */
  services: ServiceShape[];
  foreign: ForeignObject[];
  steps: Step[];
  /** Two backend replicas on one PostgreSQL database, or one on SQLite. */
  replicas: 1 | 2;
  /**
   * With two replicas, changes made while a pass runs are served by the
   * replica that passes, so an approval's pass runs beside that replica's
   * periodic pass (which hands the service over), rather than by the other
   * replica, where it waits for the lease. Absent in scenarios recorded
   * before it existed.
   */
  serveOnSyncer?: boolean;
  /**
   * Into how many shards each backend splits the sync. With two, a
   * periodic pass runs both shards at once, with two replicas each on
   * another replica. Absent (one shard) in scenarios recorded before it
   * existed.
   */
  shards?: 1 | 2;
  /**
   * The least own writes a watched list follows before it stops its watch
   * and lists again (the product's ECHOED_WRITES_MIN when absent): low in
   * some scenarios, so that stop and the lists after it meet the faults.
   */
  echoedWritesMin?: number;
  /**
   * The clusters serve HTTPS with their own CA, and every client (the
   * backends, the scenario's own calls) negotiates HTTP/2 over it, as with
   * a real API server: one connection per cluster carries every call, so a
   * dropped connection fails all the calls in flight to that cluster at
   * once. Absent (plain HTTP/1.1) in scenarios recorded before it existed.
   */
  tls?: boolean;
}
