import { podRequirements } from './replicaRequirements';
import {
  InterpretedObject,
  ResourceHealth,
  ResourceInterpreter,
} from './types';

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The controller has not caught up with the latest spec yet. */
function stale(live: InterpretedObject): boolean {
  const generation = num(live.metadata.generation);
  const observed = num(live.status?.observedGeneration);
  return (
    generation !== undefined &&
    (observed === undefined || observed < generation)
  );
}

/**
 * Whether a rolling update is still under way, as `kubectl rollout status`
 * reads it: old pods keep a workload's ready count up while the new ones
 * fail (an image that cannot be pulled), so ready replicas alone say
 * nothing of the new version.
 */
function rollingOut(
  kind: string,
  status: Record<string, unknown>,
  desiredReplicas: number,
): boolean {
  // ReplicaSets have no updated count. Deployments and StatefulSets have
  // one, which the API server omits when zero: a new ReplicaSet with no pod
  // yet, while the old pods keep the ready count up.
  if (kind === 'ReplicaSet') return false;
  const updated = num(status.updatedReplicas) ?? 0;
  const replicas = num(status.replicas) ?? updated;
  const available = num(status.availableReplicas) ?? updated;
  return updated < desiredReplicas || replicas > updated || available < updated;
}

function isAppsKind(
  ref: { apiVersion: string; kind: string },
  kinds: string[],
): boolean {
  return ref.apiVersion.startsWith('apps/') && kinds.includes(ref.kind);
}

const scaledKinds = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/** Deployments, StatefulSets and ReplicaSets: `spec.replicas`, ready when every replica runs the latest spec. */
export const replicatedWorkloadInterpreter: ResourceInterpreter = {
  name: 'apps/v1 Deployment, StatefulSet, ReplicaSet',
  matches: ref => isAppsKind(ref, scaledKinds),
  replicas: manifest => num(manifest.spec?.replicas),
  withReplicas: (manifest, replicas) => ({
    ...manifest,
    spec: { ...manifest.spec, replicas },
  }),
  replicaRequirements: manifest =>
    podRequirements(manifest.spec?.template?.spec),
  status: live => ({
    desiredReplicas: num(live.spec?.replicas) ?? 1,
    readyReplicas: num(live.status?.readyReplicas) ?? 0,
  }),
  health: (live): ResourceHealth => {
    const desired = num(live.spec?.replicas) ?? 1;
    const ready = num(live.status?.readyReplicas) ?? 0;
    const progressing =
      stale(live) ||
      ready < desired ||
      rollingOut(live.kind, live.status ?? {}, desired);
    return { state: progressing ? 'Progressing' : 'Healthy' };
  },
};

/** DaemonSets: one replica per node, so not divided; ready when every scheduled one is. */
export const daemonSetInterpreter: ResourceInterpreter = {
  name: 'apps/v1 DaemonSet',
  matches: ref => isAppsKind(ref, ['DaemonSet']),
  replicaRequirements: manifest =>
    podRequirements(manifest.spec?.template?.spec),
  status: live => ({
    desiredReplicas: num(live.status?.desiredNumberScheduled) ?? 0,
    readyReplicas: num(live.status?.numberReady) ?? 0,
  }),
  health: live => {
    const desired = num(live.status?.desiredNumberScheduled) ?? 0;
    const ready = num(live.status?.numberReady) ?? 0;
    return {
      state: stale(live) || ready < desired ? 'Progressing' : 'Healthy',
    };
  },
};

/**
 * The kinds miniplanes knows without a module: the built-in workloads. A
 * module's interpreter for the same kind takes precedence.
 *
 * @public
 */
export const builtinResourceInterpreters: readonly ResourceInterpreter[] = [
  replicatedWorkloadInterpreter,
  daemonSetInterpreter,
];
