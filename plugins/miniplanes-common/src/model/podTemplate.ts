import { describeValue } from './describeValue';
import { isQuantity } from './quantity';

/**
 * Where a manifest keeps the pod spec its replicas run: a Pod's own spec, a
 * CronJob's job template's, else `spec.template.spec` (Deployments, Jobs,
 * and custom kinds that embed a pod template).
 */
export function podSpecPath(kind: string): string[] {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob')
    return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

/** The built-in kinds whose pod template Kubernetes itself defines, by apiVersion. */
const WORKLOAD_KINDS: Record<string, string[]> = {
  v1: ['Pod'],
  'apps/v1': ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'],
  'batch/v1': ['Job', 'CronJob'],
};

type Issue = { path: (string | number)[]; message: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A request Kubernetes takes: a non-negative quantity, written or as a number. */
const isRequest = (value: unknown): boolean =>
  (typeof value === 'number' && value >= 0) ||
  (typeof value === 'string' &&
    isQuantity(value) &&
    !value.trim().startsWith('-'));

/** What is wrong with one container's requests or limits, as placement reads them. */
function resourceIssues(container: Record<string, unknown>, at: Issue['path']) {
  const issues: Issue[] = [];
  const { resources } = container;
  if (resources === undefined) return issues;
  if (!isObject(resources))
    return [
      {
        path: [...at, 'resources'],
        message: `expected an object with requests and limits, got ${describeValue(
          resources,
        )}`,
      },
    ];
  for (const field of ['requests', 'limits']) {
    const amounts = resources[field];
    const path = [...at, 'resources', field];
    if (amounts === undefined) continue;
    if (!isObject(amounts)) {
      issues.push({
        path,
        message: `expected an object of quantities by resource name, got ${describeValue(
          amounts,
        )}`,
      });
      continue;
    }
    for (const [name, value] of Object.entries(amounts))
      if (!isRequest(value))
        issues.push({
          path: [...path, name],
          message: `expected a quantity such as 500m, 2 or 64Gi, got ${describeValue(
            value,
          )}`,
        });
  }
  return issues;
}

/** What is wrong with one container's environment, which overrides set. */
function envIssues(container: Record<string, unknown>, at: Issue['path']) {
  const { env } = container;
  if (env === undefined) return [];
  if (!Array.isArray(env))
    return [
      {
        path: [...at, 'env'],
        message: `expected a list of environment variables ({ name, value }), got ${describeValue(
          env,
        )}`,
      },
    ];
  return env.flatMap((variable, index): Issue[] =>
    isObject(variable) && typeof variable.name === 'string'
      ? []
      : [
          {
            path: [...at, 'env', index],
            message: `expected an environment variable ({ name, value }), got ${describeValue(
              variable,
            )}`,
          },
        ],
  );
}

/**
 * What placement and overrides could not read in the pod template of a
 * built-in workload (its containers, what they request, their
 * environment), where it is. Kubernetes would
 * refuse such a manifest anyway; refusing it when the document is filed
 * says so at once, with the path, instead of at the first sync. Custom
 * kinds are not judged: their schemas are their own (placement refuses to
 * size a replica it cannot read).
 */
export function podTemplateIssues(manifest: {
  apiVersion: string;
  kind: string;
  [key: string]: unknown;
}): Issue[] {
  if (!WORKLOAD_KINDS[manifest.apiVersion]?.includes(manifest.kind)) return [];
  const path = podSpecPath(manifest.kind);
  let node: unknown = manifest;
  for (let depth = 0; depth < path.length; depth++) {
    node = (node as Record<string, unknown>)[path[depth]];
    if (node === undefined) return [];
    if (!isObject(node))
      return [
        {
          path: path.slice(0, depth + 1),
          message: `expected ${
            depth === path.length - 1 ? 'a pod spec (an object)' : 'an object'
          }, got ${describeValue(node)}`,
        },
      ];
  }
  const containers = (node as Record<string, unknown>).containers;
  if (containers === undefined) return [];
  if (!Array.isArray(containers))
    return [
      {
        path: [...path, 'containers'],
        message: `expected a list of containers, got ${describeValue(
          containers,
        )}`,
      },
    ];
  return containers.flatMap((container, index): Issue[] => {
    const at = [...path, 'containers', index];
    if (!isObject(container))
      return [
        {
          path: at,
          message: `expected a container (an object), got ${describeValue(
            container,
          )}`,
        },
      ];
    return [...resourceIssues(container, at), ...envIssues(container, at)];
  });
}
