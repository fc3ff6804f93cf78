import { builtinResourceInterpreters } from './builtinInterpreters';
import {
  InterpretedObject,
  ResourceHealth,
  ResourceInterpreter,
  ResourceReplicaStatus,
} from './types';
import { cloneJson } from '../render/cloneJson';

/**
 * The interpreters to use: those modules add first, so one for a built-in
 * kind replaces the built-in one, then the built-in ones.
 *
 * @public
 */
export function withBuiltinInterpreters(
  added: readonly ResourceInterpreter[],
): ResourceInterpreter[] {
  return [...added, ...builtinResourceInterpreters];
}

/** The first interpreter that knows the kind, if any. */
export function interpreterFor(
  kind: { apiVersion: string; kind: string },
  interpreters: readonly ResourceInterpreter[],
): ResourceInterpreter | undefined {
  return interpreters.find(i => i.matches(kind));
}

/**
 * The manifest with `replicas` as its share, for a kind whose interpreter
 * can set it; other kinds are left as they are. Only replicas are the
 * interpreter's to change: the object's apiVersion, kind and metadata (its
 * identity, ownership labels, namespace) stay those of the input.
 */
export function withReplicaShare<T extends InterpretedObject>(
  manifest: T,
  replicas: number,
  interpreters: readonly ResourceInterpreter[],
): T {
  const interpreter = interpreterFor(manifest, interpreters);
  if (!interpreter?.withReplicas) return manifest;
  let result: InterpretedObject;
  try {
    result = interpreter.withReplicas(cloneJson(manifest), replicas);
  } catch (error) {
    throw new Error(
      `the resource interpreter ${
        interpreter.name
      } cannot set the replicas of ${manifest.kind} ${
        manifest.metadata.name
      }: ${(error as Error).message}`,
    );
  }
  return {
    ...result,
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    metadata: manifest.metadata,
  } as T;
}

/** What the interpreters make of a live object: its health, and its replicas when its kind has them. @public */
export interface InterpretedLiveObject {
  health: ResourceHealth;
  replicas?: ResourceReplicaStatus;
}

/**
 * A live object's health and replicas, as its kind's interpreter reads
 * them. A kind no interpreter knows (or whose interpreter says nothing of
 * health) is healthy once applied: miniplanes cannot tell more of it. An
 * interpreter that fails makes the object degraded, never healthy.
 *
 * @public
 */
export function interpretLiveObject(
  live: InterpretedObject,
  interpreters: readonly ResourceInterpreter[],
): InterpretedLiveObject {
  const interpreter = interpreterFor(live, interpreters);
  if (!interpreter) return { health: { state: 'Healthy' } };
  try {
    const replicas = interpreter.status
      ? interpreter.status(live)
      : { desiredReplicas: interpreter.replicas?.(live) };
    return {
      health: interpreter.health?.(live) ?? { state: 'Healthy' },
      ...(replicas.desiredReplicas !== undefined ||
      replicas.readyReplicas !== undefined
        ? { replicas }
        : {}),
    };
  } catch (error) {
    return {
      health: {
        state: 'Degraded',
        message: `the resource interpreter ${interpreter.name} failed: ${
          (error as Error).message
        }`,
      },
    };
  }
}
