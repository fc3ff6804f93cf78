/** A Kubernetes object as an interpreter reads it: a manifest, or the live object with its status. @public */
export interface InterpretedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    [key: string]: unknown;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
  [key: string]: unknown;
}

/**
 * How a live object is doing: `Healthy` once it serves what it asks for;
 * `Progressing` while it gets there; `Degraded` when it cannot (both count
 * as not ready: a staged rollout waits, its progress deadline decides).
 *
 * @public
 */
export interface ResourceHealth {
  state: 'Healthy' | 'Progressing' | 'Degraded';
  /** Shown with the object's sync state. */
  message?: string;
}

/**
 * What one replica of a workload asks of a cluster, as its pods request it:
 * `cpu` in cores, `memory` in bytes, `gpu` in `nvidia.com/gpu`; an amount
 * left out is none.
 *
 * @public
 */
export interface ReplicaRequirements {
  cpu?: number;
  memory?: number;
  gpu?: number;
}

/** What the portal shows of a live object's replicas. @public */
export interface ResourceReplicaStatus {
  desiredReplicas?: number;
  readyReplicas?: number;
}

/**
 * What miniplanes needs to know of one kind to treat it as a workload, as
 * Karmada's resource interpreter does: how many replicas a manifest asks
 * for, what one replica asks of a cluster, how to give it a cluster's
 * share, and how its live object reports health and replicas. Pure
 * functions of the object, no I/O.
 *
 * An interpreter decides replica counts, sizes and health only: where a
 * resource may run, and where its data may live, is the placement's and
 * the data rules' alone (a replica's size can only keep it off clusters
 * without room for it); and `withReplicas` cannot change an object's
 * identity or labels (its apiVersion, kind and metadata are kept).
 *
 * Every function is optional: a kind without `withReplicas` is not divided,
 * one without `health` is ready once applied, one without
 * `replicaRequirements` is read as a pod template holder
 * (`spec.template.spec`) when it is one.
 *
 * @public
 */
export interface ResourceInterpreter {
  /** For messages, e.g. `ray.io/RayCluster`. */
  name: string;
  matches(kind: { apiVersion: string; kind: string }): boolean;
  /** The replicas the manifest asks for, if it says (shown as desired when there is no `status`). */
  replicas?(manifest: InterpretedObject): number | undefined;
  /** The manifest with `replicas` as its cluster's share (a copy; the input is left alone). */
  withReplicas?(
    manifest: InterpretedObject,
    replicas: number,
  ): InterpretedObject;
  /**
   * What one replica asks of a cluster (see `podRequirements`): placement
   * puts the kind only where one replica fits. Undefined: the pod
   * template, if the manifest has one, tells. An interpreter that throws,
   * or gives an amount that is not a finite number of at least 0, makes
   * its role placed nowhere (never placed as if it asked for nothing).
   */
  replicaRequirements?(
    manifest: InterpretedObject,
  ): ReplicaRequirements | undefined;
  health?(live: InterpretedObject): ResourceHealth;
  status?(live: InterpretedObject): ResourceReplicaStatus;
}
