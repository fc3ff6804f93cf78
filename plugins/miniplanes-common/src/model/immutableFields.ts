import { compare } from 'fast-json-patch';
import { parseQuantity } from './quantity';

/**
 * A manifest as far as the checks on it read it.
 *
 * @public
 */
export type ManifestFields = {
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
};

/**
 * A field Kubernetes refuses to change on an object that exists, and why.
 *
 * @public
 */
export interface ImmutableFieldChange {
  /** Where, from the manifest's root (`spec.volumeClaimTemplates[0].spec.resources`). */
  path: (string | number)[];
  /** What Kubernetes refuses, and what to do instead. */
  message: string;
}

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const specOf = (manifest: ManifestFields): Obj =>
  isObject(manifest.spec) ? manifest.spec : {};

/** The fields of a StatefulSet's spec its API server lets an update change. */
const STATEFULSET_MUTABLE = new Set([
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
]);

/**
 * The first place two values differ, as a path below `at`, or undefined when
 * they are equal. Values are compared as JSON: an absent field and one set
 * to undefined are alike.
 */
function firstDifference(
  before: unknown,
  after: unknown,
  at: (string | number)[],
): (string | number)[] | undefined {
  const [first] = compare({ value: before ?? null }, { value: after ?? null });
  if (!first) return undefined;
  const steps = first.path
    .split('/')
    .slice(2)
    .map(step => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [...at, ...steps.map(step => (/^\d+$/.test(step) ? +step : step))];
}

/** What the API server fills into a StatefulSet's immutable fields when a manifest leaves them out. */
function statefulSetDefaults(spec: Obj): Obj {
  const fixed: Obj = { podManagementPolicy: 'OrderedReady', ...spec };
  fixed.revisionHistoryLimit ??= 10;
  if (Array.isArray(spec.volumeClaimTemplates)) {
    fixed.volumeClaimTemplates = spec.volumeClaimTemplates.map(template =>
      isObject(template)
        ? {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            ...template,
            spec: claimSpecDefaults(template.spec),
          }
        : template,
    );
  }
  for (const field of STATEFULSET_MUTABLE) delete fixed[field];
  return fixed;
}

function claimSpecDefaults(spec: unknown): unknown {
  return isObject(spec) ? { volumeMode: 'Filesystem', ...spec } : spec;
}

function statefulSetChanges(before: ManifestFields, after: ManifestFields) {
  const path = firstDifference(
    statefulSetDefaults(specOf(before)),
    statefulSetDefaults(specOf(after)),
    ['spec'],
  );
  if (!path) return [];
  return [
    {
      path,
      message: `Kubernetes refuses to change a StatefulSet's ${
        path[1]
      } once it exists (only ${[...STATEFULSET_MUTABLE].join(
        ', ',
      )} may change): keep it as the current version has it${
        path[1] === 'volumeClaimTemplates'
          ? '; to give existing replicas more storage, expand their PersistentVolumeClaims'
          : ''
      }`,
    },
  ];
}

function selectorChange(
  before: ManifestFields,
  after: ManifestFields,
  hint: string,
) {
  const path = firstDifference(
    specOf(before).selector,
    specOf(after).selector,
    ['spec', 'selector'],
  );
  return path
    ? [
        {
          path,
          message: `Kubernetes refuses to change a ${after.kind}'s selector once it exists: ${hint}`,
        },
      ]
    : [];
}

function jobChanges(before: ManifestFields, after: ManifestFields) {
  const hint =
    'give the Job a new name (the version, say) so that a new Job runs';
  const path = firstDifference(
    specOf(before).template,
    specOf(after).template,
    ['spec', 'template'],
  );
  return [
    ...selectorChange(before, after, hint),
    ...(path
      ? [
          {
            path,
            message: `Kubernetes refuses to change a Job's pod template once the Job exists: ${hint}`,
          },
        ]
      : []),
  ];
}

/** A claim's requested storage in bytes, or undefined when it cannot be read. */
function storageOf(spec: Obj): number | undefined {
  const requests = isObject(spec.resources) ? spec.resources.requests : {};
  const storage = isObject(requests) ? requests.storage : undefined;
  if (typeof storage !== 'string' && typeof storage !== 'number')
    return undefined;
  try {
    return parseQuantity(storage);
  } catch {
    return undefined;
  }
}

function claimChanges(before: ManifestFields, after: ManifestFields) {
  const previous = specOf(before);
  const next = specOf(after);
  /** The part of a claim's spec that may not change, defaults filled in. */
  const fixed = (spec: Obj): Obj => {
    const rest: Obj = { volumeMode: 'Filesystem', ...spec };
    delete rest.volumeAttributesClassName;
    // The cluster's default class fills one the first version left out.
    if (previous.storageClassName === undefined) delete rest.storageClassName;
    if (isObject(rest.resources)) {
      const { requests: _requests, ...resources } = rest.resources;
      rest.resources = resources;
    }
    return rest;
  };
  const path = firstDifference(fixed(previous), fixed(next), ['spec']);
  if (path) {
    return [
      {
        path,
        message:
          "Kubernetes refuses to change a PersistentVolumeClaim's spec once it exists, except its requested storage: keep it as the current version has it",
      },
    ];
  }
  const was = storageOf(previous);
  const now = storageOf(next);
  return was !== undefined && now !== undefined && now < was
    ? [
        {
          path: ['spec', 'resources', 'requests', 'storage'],
          message:
            "Kubernetes refuses to shrink a PersistentVolumeClaim's storage: it may only grow",
        },
      ]
    : [];
}

/** The cluster IP a Service's spec gives (`None` for a headless one), if any. */
function givenClusterIP(spec: Obj): string | undefined {
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const ip = spec.clusterIP || ips[0];
  return typeof ip === 'string' && ip !== '' ? ip : undefined;
}

/**
 * A Service's cluster IP is fixed once set: given by the manifest, or
 * allocated by each cluster when the manifest leaves it out (so a headless
 * Service cannot be made from a plain one). A version that leaves it out
 * keeps what the cluster holds; an ExternalName has none.
 */
function serviceChanges(before: ManifestFields, after: ManifestFields) {
  const [was, now] = [specOf(before), specOf(after)];
  if (was.type === 'ExternalName' || now.type === 'ExternalName') return [];
  const [previous, next] = [givenClusterIP(was), givenClusterIP(now)];
  if (next === undefined || previous === next) return [];
  return [
    {
      path: ['spec', 'clusterIP'],
      message:
        previous === undefined
          ? "Kubernetes refuses to change a Service's clusterIP once set, and each cluster allocated this Service's when the current version left it out: leave spec.clusterIP out, or give the Service that needs this one (a headless Service, say) a new name"
          : `Kubernetes refuses to change a Service's clusterIP once set: keep it ${previous}, or give the Service that needs another a new name`,
    },
  ];
}

function immutableConfigChanges(before: ManifestFields, after: ManifestFields) {
  if (before.immutable !== true) return [];
  const fields = ['immutable', 'data', 'binaryData', 'stringData'];
  const path = firstDifference(
    Object.fromEntries(fields.map(f => [f, before[f]])),
    Object.fromEntries(fields.map(f => [f, after[f]])),
    [],
  );
  return path
    ? [
        {
          path: path.slice(0, 1),
          message: `this ${after.kind} is immutable: Kubernetes refuses to change its data; give the changed one a new name`,
        },
      ]
    : [];
}

/**
 * The changes from one manifest of an object to the next that the
 * Kubernetes API server refuses on an object that exists (HTTP 422), for
 * the built-in kinds. Told at filing, they name the field; found at sync,
 * the version would fail on every cluster that holds the object.
 *
 * @public
 */
export function immutableFieldChanges(
  before: ManifestFields,
  after: ManifestFields,
): ImmutableFieldChange[] {
  if (before.apiVersion !== after.apiVersion || before.kind !== after.kind)
    return [];
  switch (`${after.apiVersion} ${after.kind}`) {
    case 'apps/v1 StatefulSet':
      return statefulSetChanges(before, after);
    case 'apps/v1 Deployment':
    case 'apps/v1 ReplicaSet':
    case 'apps/v1 DaemonSet':
      return selectorChange(
        before,
        after,
        'keep it as the current version has it (its pods are found by it)',
      );
    case 'batch/v1 Job':
      return jobChanges(before, after);
    case 'v1 PersistentVolumeClaim':
      return claimChanges(before, after);
    case 'v1 Service':
      return serviceChanges(before, after);
    case 'v1 ConfigMap':
    case 'v1 Secret':
      return immutableConfigChanges(before, after);
    default:
      return [];
  }
}
