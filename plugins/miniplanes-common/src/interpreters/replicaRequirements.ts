import { describeValue } from '../model/describeValue';
import { podSpecPath } from '../model/podTemplate';
import { parseQuantity } from '../model/quantity';
import { Resources } from '../model/types';
import {
  InterpretedObject,
  ReplicaRequirements,
  ResourceInterpreter,
} from './types';

interface Container {
  resources?: {
    requests?: Record<string, unknown>;
    limits?: Record<string, unknown>;
  };
}

/** The pod spec a manifest runs its replicas from (see `podSpecPath`). */
export function podSpecOf(manifest: {
  kind: string;
  spec?: unknown;
}): { containers?: Container[] } | undefined {
  let node: any = manifest;
  for (const key of podSpecPath(manifest.kind)) node = node?.[key];
  return node ?? undefined;
}

function requestOf(container: Container, resource: string): number {
  const value =
    container.resources?.requests?.[resource] ??
    container.resources?.limits?.[resource];
  if (typeof value !== 'string' && typeof value !== 'number') return 0;
  try {
    return parseQuantity(value);
  } catch {
    return 0;
  }
}

/**
 * What one pod of a pod spec asks of a cluster: for cpu, memory and
 * `nvidia.com/gpu`, the sum over its containers of their requests (their
 * limits where they set no request). For interpreters of kinds that hold
 * pod templates, e.g. a RayCluster's worker group. Throws, saying what is
 * wrong, when the containers are not a list of objects.
 *
 * @public
 */
export function podRequirements(podSpec: unknown): Resources {
  const containers: unknown =
    (podSpec as { containers?: unknown } | undefined)?.containers ?? [];
  // A template placement cannot read is said, not taken for zero requests.
  if (!Array.isArray(containers))
    throw new Error(
      `containers is not a list, but ${describeValue(containers)}`,
    );
  containers.forEach((container, index) => {
    if (typeof container !== 'object' || container === null)
      throw new Error(
        `containers[${index}] is not a container, but ${describeValue(
          container,
        )}`,
      );
  });
  const sum = (resource: string) =>
    (containers as Container[]).reduce(
      (total, c) => total + requestOf(c, resource),
      0,
    );
  return {
    cpu: sum('cpu'),
    memory: sum('memory'),
    gpu: sum('nvidia.com/gpu'),
  };
}

/** What one replica of a manifest asks of a cluster, or why that cannot be told. */
export type ManifestRequirements =
  | { ok: true; requirements: Resources }
  | { ok: false; message: string };

const AMOUNTS = ['cpu', 'memory', 'gpu'] as const;

/** The amounts an interpreter gave, or what is wrong with the first that is no amount a cluster can hold. */
function checked(given: ReplicaRequirements): ManifestRequirements {
  if (typeof given !== 'object' || given === null)
    return { ok: false, message: `gave ${String(given)}, not amounts` };
  const requirements: Resources = { cpu: 0, memory: 0, gpu: 0 };
  for (const amount of AMOUNTS) {
    const value = given[amount] ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      return {
        ok: false,
        message: `${amount} is ${String(value)}, not a number of at least 0`,
      };
    requirements[amount] = value;
  }
  return { ok: true, requirements };
}

/**
 * What one replica of a manifest asks of a cluster, as the first
 * interpreter that knows its kind says; its pod template's requests when
 * none says. An interpreter that fails (in `matches` too) gives its
 * message, never zero: placement then refuses the role.
 */
export function interpretRequirements(
  manifest: InterpretedObject,
  interpreters: readonly ResourceInterpreter[],
): ManifestRequirements {
  for (const interpreter of interpreters) {
    let given: ReplicaRequirements | undefined;
    try {
      if (!interpreter.matches(manifest)) continue;
      given = interpreter.replicaRequirements?.(manifest);
    } catch (error) {
      return refused(
        interpreter,
        manifest,
        error instanceof Error ? error.message : String(error),
      );
    }
    if (given === undefined) break;
    const result = checked(given);
    return result.ok ? result : refused(interpreter, manifest, result.message);
  }
  try {
    return { ok: true, requirements: podRequirements(podSpecOf(manifest)) };
  } catch (error) {
    return {
      ok: false,
      message: `cannot tell what one replica of ${manifest.kind} ${
        manifest.metadata.name
      } requests: ${(error as Error).message}`,
    };
  }
}

function refused(
  interpreter: ResourceInterpreter,
  manifest: InterpretedObject,
  message: string,
): ManifestRequirements {
  return {
    ok: false,
    message: `the resource interpreter ${interpreter.name} cannot tell what one replica of ${manifest.kind} ${manifest.metadata.name} requests: ${message}`,
  };
}
