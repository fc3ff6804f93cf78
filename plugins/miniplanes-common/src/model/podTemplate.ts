import { describeValue } from './describeValue';
import { isQuantity } from './quantity';
import { explainSelectorMismatch } from './selectors';
import { LabelSelector } from './types';

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

/** The kinds whose pods a selector picks out, which Kubernetes requires to match the template. */
const SELECTING_KINDS = [
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

const isStringMap = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every(v => typeof v === 'string');

function isLabelSelector(value: unknown): value is LabelSelector {
  if (!isObject(value)) return false;
  const { matchLabels, matchExpressions } = value;
  return (
    (matchLabels === undefined || isStringMap(matchLabels)) &&
    (matchExpressions === undefined ||
      (Array.isArray(matchExpressions) &&
        matchExpressions.every(
          e =>
            isObject(e) &&
            typeof e.key === 'string' &&
            OPERATORS.includes(e.operator as string) &&
            (e.values === undefined ||
              (Array.isArray(e.values) &&
                e.values.every(v => typeof v === 'string'))),
        )))
  );
}

/** What a Deployment, ReplicaSet, StatefulSet or DaemonSet needs beside its pod template: its replicas, a selector of its pods. */
function selectingIssues(spec: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const { replicas, selector, template } = spec;
  if (
    replicas !== undefined &&
    !(
      typeof replicas === 'number' &&
      Number.isInteger(replicas) &&
      replicas >= 0
    )
  )
    issues.push({
      path: ['spec', 'replicas'],
      message: `expected an integer of at least 0, got ${describeValue(
        replicas,
      )}`,
    });
  if (selector === undefined) {
    issues.push({
      path: ['spec', 'selector'],
      message: 'required: expected a label selector of the pods',
    });
    return issues;
  }
  if (!isLabelSelector(selector)) {
    issues.push({
      path: ['spec', 'selector'],
      message: `expected a label selector ({ matchLabels, matchExpressions }), got ${describeValue(
        selector,
      )}`,
    });
    return issues;
  }
  if (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  ) {
    issues.push({
      path: ['spec', 'selector'],
      message:
        'expected a selector of at least one label or expression (Kubernetes refuses an empty one: it would select every pod)',
    });
    return issues;
  }
  if (!isObject(template)) return issues;
  const metadata = isObject(template.metadata) ? template.metadata : {};
  const labels = isStringMap(metadata.labels) ? metadata.labels : {};
  const mismatch = explainSelectorMismatch(selector, labels);
  if (mismatch)
    issues.push({
      path: ['spec', 'template', 'metadata', 'labels'],
      message: `spec.selector does not select the pods of this template (Kubernetes refuses it): ${mismatch}`,
    });
  return issues;
}

/** A field a container must name: a non-empty string. */
function requiredText(
  container: Record<string, unknown>,
  field: 'name' | 'image',
  what: string,
  at: Issue['path'],
): Issue[] {
  const value = container[field];
  if (typeof value === 'string' && value !== '') return [];
  return [
    {
      path: [...at, field],
      message:
        value === undefined
          ? `required: expected ${what}`
          : `expected ${what}, got ${describeValue(value)}`,
    },
  ];
}

/** What Kubernetes requires of a container, and what placement and overrides read of it. */
function containerIssues(
  container: Record<string, unknown>,
  at: Issue['path'],
): Issue[] {
  const issues = [
    ...requiredText(container, 'name', 'a container name', at),
    ...requiredText(container, 'image', 'an image', at),
  ];
  return [
    ...issues,
    ...resourceIssues(container, at),
    ...envIssues(container, at),
  ];
}

/** What is expected where a step of the way to the pod spec is missing or wrong. */
function expectedAt(path: string[], depth: number): string {
  if (depth === path.length - 1) return 'a pod spec';
  if (depth === path.length - 2) return 'a pod template';
  return 'an object';
}

/**
 * What every Kubernetes API server refuses in a built-in workload (a pod
 * template without containers, a container without a name or image, a
 * selector that does not select the template's pods, negative replicas),
 * and what placement and overrides could not read of it (what containers
 * request, their environment), each where it is. Refusing it when the
 * document is filed says so at once, with the path, instead of failing at
 * the first sync. Custom kinds are not judged: their schemas are their own
 * (placement refuses to size a replica it cannot read).
 */
export function podTemplateIssues(manifest: {
  apiVersion: string;
  kind: string;
  [key: string]: unknown;
}): Issue[] {
  if (!WORKLOAD_KINDS[manifest.apiVersion]?.includes(manifest.kind)) return [];
  const issues: Issue[] = [];
  if (SELECTING_KINDS.includes(manifest.kind) && isObject(manifest.spec))
    issues.push(...selectingIssues(manifest.spec));
  const path = podSpecPath(manifest.kind);
  let node: unknown = manifest;
  for (let depth = 0; depth < path.length; depth++) {
    node = (node as Record<string, unknown>)[path[depth]];
    if (!isObject(node)) {
      issues.push({
        path: path.slice(0, depth + 1),
        message:
          node === undefined
            ? `required: expected ${expectedAt(path, depth)}`
            : `expected ${expectedAt(
                path,
                depth,
              )} (an object), got ${describeValue(node)}`,
      });
      return issues;
    }
  }
  const containers = (node as Record<string, unknown>).containers;
  const at = [...path, 'containers'];
  if (!Array.isArray(containers)) {
    issues.push({
      path: at,
      message:
        containers === undefined
          ? 'required: expected a list of containers'
          : `expected a list of containers, got ${describeValue(containers)}`,
    });
    return issues;
  }
  if (containers.length === 0)
    issues.push({ path: at, message: 'expected at least one container' });
  containers.forEach((container, index) => {
    if (isObject(container))
      issues.push(...containerIssues(container, [...at, index]));
    else
      issues.push({
        path: [...at, index],
        message: `expected a container (an object), got ${describeValue(
          container,
        )}`,
      });
  });
  return issues;
}
