import { KubeObject } from '../cluster/objectIdentity';

export interface Readiness {
  /** Replicas the object asks for, for kinds that have replicas. */
  desiredReplicas?: number;
  readyReplicas?: number;
  /** The controller has not caught up with the latest spec yet, or replicas are not all ready. */
  progressing: boolean;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** How far a live workload is from what it asks for, read from its status. */
export function workloadReadiness(object: KubeObject): Readiness {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const status = (object.status ?? {}) as Record<string, unknown>;
  const generation = num(object.metadata.generation);
  const observedGeneration = num(status.observedGeneration);
  const stale =
    generation !== undefined &&
    (observedGeneration === undefined || observedGeneration < generation);

  switch (object.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet': {
      const desiredReplicas = num(spec.replicas) ?? 1;
      const readyReplicas = num(status.readyReplicas) ?? 0;
      return {
        desiredReplicas,
        readyReplicas,
        progressing: stale || readyReplicas < desiredReplicas,
      };
    }
    case 'DaemonSet': {
      const desiredReplicas = num(status.desiredNumberScheduled) ?? 0;
      const readyReplicas = num(status.numberReady) ?? 0;
      return {
        desiredReplicas,
        readyReplicas,
        progressing: stale || readyReplicas < desiredReplicas,
      };
    }
    default:
      return { progressing: false };
  }
}
