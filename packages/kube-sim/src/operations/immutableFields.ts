import { parseQuantity } from '@miniplanes/plugin-miniplanes-common';
import { KubeObject } from '../kube/types';
import { deepEqual } from '../patch/deepEqual';
import { ResourceType } from '../resources/ResourceType';

type Obj = Record<string, any>;
type Cause = { field: string; message: string; reason?: string };

/** The core kinds whose data is fixed once they are marked `immutable: true`. */
const IMMUTABLE_DATA_KINDS = new Set(['ConfigMap', 'Secret']);

/** The built-in kinds whose update validation fixes spec fields, by group/kind. */
const RULES: Record<string, (before: Obj, after: Obj) => Cause[]> = {
  'apps/Deployment': fixedFields('selector'),
  'apps/ReplicaSet': fixedFields('selector'),
  'apps/DaemonSet': fixedFields('selector'),
  'batch/Job': fixedFields('selector', 'template'),
  'apps/StatefulSet': statefulSetChanges,
  '/PersistentVolumeClaim': claimChanges,
  '/Service': serviceChanges,
};

/**
 * What an update changes that the real API server's update validation
 * refuses: spec fields fixed at creation, and the data of a ConfigMap or
 * Secret marked immutable. Values are compared as the server compares its
 * typed objects, defaults filled in, so that an apply that leaves out a
 * defaulted field changes nothing.
 */
export function immutableFieldChanges(
  type: ResourceType,
  current: KubeObject,
  next: KubeObject,
): Cause[] {
  if (!type.custom && type.group === '' && IMMUTABLE_DATA_KINDS.has(type.kind))
    return immutableDataChanges(current as Obj, next as Obj);
  const rule = !type.custom && RULES[`${type.group}/${type.kind}`];
  return rule
    ? rule((current.spec ?? {}) as Obj, (next.spec ?? {}) as Obj)
    : [];
}

/** Once `immutable: true`, neither the data nor the mark may change. */
function immutableDataChanges(before: Obj, after: Obj): Cause[] {
  if (before.immutable !== true) return [];
  return ['immutable', 'data', 'binaryData']
    .filter(field => !sameValue(before[field], after[field]))
    .map(field => ({
      field,
      reason: 'FieldValueForbidden',
      message: 'Forbidden: field is immutable when `immutable` is set',
    }));
}

function fixedFields(...keys: string[]) {
  return (before: Obj, after: Obj): Cause[] =>
    keys
      .filter(key => !sameValue(before[key], after[key]))
      .map(key => ({
        field: `spec.${key}`,
        message: `Invalid value: ${JSON.stringify(
          after[key] ?? null,
        )}: field is immutable`,
      }));
}

/**
 * A Service's primary cluster IP (allocated, or given: `None` for a headless
 * one) may not change once set, unless the Service is or becomes an
 * ExternalName (which has none). An update that leaves it out keeps it.
 */
function serviceChanges(before: Obj, after: Obj): Cause[] {
  if (before.type === 'ExternalName' || after.type === 'ExternalName')
    return [];
  const primary = (spec: Obj): string | undefined =>
    spec.clusterIP || spec.clusterIPs?.[0] || undefined;
  const [was, now] = [primary(before), primary(after)];
  if (was === undefined || now === undefined || was === now) return [];
  return [
    {
      field: 'spec.clusterIPs[0]',
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify([
        now,
      ])}: may not change once set`,
    },
  ];
}

const STATEFULSET_MUTABLE = new Set([
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
]);

/** The real server's defaults for the fixed fields, which kube-sim stores as sent. */
const STATEFULSET_DEFAULTS: Obj = {
  podManagementPolicy: 'OrderedReady',
  revisionHistoryLimit: 10,
};

function statefulSetChanges(before: Obj, after: Obj): Cause[] {
  const fixed = (spec: Obj) => {
    const out: Obj = { ...STATEFULSET_DEFAULTS };
    for (const [key, value] of Object.entries(spec)) {
      if (!STATEFULSET_MUTABLE.has(key)) out[key] = value ?? out[key];
    }
    // The server fills in the templates' apiVersion, kind and status too.
    if (Array.isArray(out.volumeClaimTemplates))
      out.volumeClaimTemplates = out.volumeClaimTemplates.map((t: Obj) => ({
        metadata: t?.metadata,
        spec: withClaimDefaults(t?.spec),
      }));
    return out;
  };
  if (sameValue(fixed(before), fixed(after))) return [];
  return [
    {
      field: 'spec',
      reason: 'FieldValueForbidden',
      message:
        "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    },
  ];
}

function claimChanges(before: Obj, after: Obj): Cause[] {
  const causes: Cause[] = [];
  if (!sameValue(fixedClaimSpec(before, before), fixedClaimSpec(after, before)))
    causes.push({
      field: 'spec',
      reason: 'FieldValueForbidden',
      message:
        'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    });
  const [was, now] = [before, after].map(s =>
    sizeOf(s.resources?.requests?.storage),
  );
  if (was !== undefined && now !== undefined && now < was)
    causes.push({
      field: 'spec.resources.requests.storage',
      reason: 'FieldValueForbidden',
      message: 'Forbidden: field can not be less than previous value',
    });
  return causes;
}

/**
 * The part of a claim's spec no update may change: all but the storage
 * request and the volume attributes class. A claim is bound to a volume
 * once, and may get a class while it has none (a default class created later).
 */
function fixedClaimSpec(spec: Obj, previous: Obj): Obj {
  const { resources, volumeAttributesClassName, ...rest } = spec;
  const { storage, ...requests } = resources?.requests ?? {};
  return {
    ...withClaimDefaults(rest),
    resources: { ...resources, requests },
    ...(previous.volumeName ? {} : { volumeName: undefined }),
    ...(previous.storageClassName === undefined
      ? { storageClassName: undefined }
      : {}),
  };
}

function withClaimDefaults(spec: Obj | undefined): Obj {
  return { ...spec, volumeMode: spec?.volumeMode ?? 'Filesystem' };
}

/** A quantity in bytes; undefined when absent or malformed (nothing to compare). */
function sizeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined;
  }
}

/** Equal as the server's typed objects are: null, empty lists and empty maps count as absent. */
function sameValue(a: unknown, b: unknown): boolean {
  return deepEqual(withoutEmpty(a), withoutEmpty(b));
}

function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value))
    return value.length ? value.map(withoutEmpty) : undefined;
  if (value && typeof value === 'object') {
    const out: Obj = {};
    for (const [key, v] of Object.entries(value)) {
      const kept = withoutEmpty(v);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value ?? undefined;
}
