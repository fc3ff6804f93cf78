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

/**
 * Whether a rolling update is still under way, as `kubectl rollout status`
 * reads it: old pods keep a workload's ready count up while the new ones
 * fail (an image that cannot be pulled), so ready replicas alone say
 * nothing of the new version.
 */
function rollingOut(
  status: Record<string, unknown>,
  desiredReplicas: number,
): boolean {
  const updated = num(status.updatedReplicas);
  if (updated === undefined) return false;
  const replicas = num(status.replicas) ?? updated;
  const available = num(status.availableReplicas) ?? updated;
  return updated < desiredReplicas || replicas > updated || available < updated;
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
        progressing:
          stale ||
          readyReplicas < desiredReplicas ||
          rollingOut(status, desiredReplicas),
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
