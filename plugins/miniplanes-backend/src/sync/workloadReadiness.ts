import {
  builtinResourceInterpreters,
  interpretLiveObject,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { KubeObject } from '../cluster/objectIdentity';

export interface Readiness {
  /** Replicas the object asks for, for kinds that have replicas. */
  desiredReplicas?: number;
  readyReplicas?: number;
  /** Not healthy yet: the controller has not caught up, replicas are not all ready, or its interpreter says degraded. */
  progressing: boolean;
  /** What its interpreter says of it, when it is not healthy. */
  message?: string;
}

/**
 * How far a live object is from what it asks for, as its kind's resource
 * interpreter reads its status (the built-in workloads', or one a module
 * added). A kind no interpreter knows is ready once applied, as before
 * interpreters existed: miniplanes cannot tell more of it.
 */
export function workloadReadiness(
  object: KubeObject,
  interpreters: readonly ResourceInterpreter[] = builtinResourceInterpreters,
): Readiness {
  const { health, replicas } = interpretLiveObject(object, interpreters);
  const progressing = health.state !== 'Healthy';
  return {
    ...replicas,
    progressing,
    ...(progressing && health.message
      ? {
          message:
            health.state === 'Degraded'
              ? `degraded: ${health.message}`
              : health.message,
        }
      : {}),
  };
}
