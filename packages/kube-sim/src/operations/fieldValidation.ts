import { ResourceType } from '../resources/ResourceType';
import { errors, StatusError } from '../kube/StatusError';
import { SERVER_METADATA } from '../patch/managedFields';

type Obj = Record<string, any>;
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** ObjectMeta's fields: what the server sets, and what a client may. */
const OBJECT_META = new Set([
  ...SERVER_METADATA,
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
]);

/** Top-level fields of built-in kinds (everything else: apiVersion, kind, metadata, spec, status). */
const TOP_LEVEL: Record<string, string[]> = {
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  ServiceAccount: [
    'secrets',
    'imagePullSecrets',
    'automountServiceAccountToken',
  ],
  Endpoints: ['subsets'],
  EndpointSlice: ['addressType', 'endpoints', 'ports'],
  Event: [
    'involvedObject',
    'reason',
    'message',
    'source',
    'firstTimestamp',
    'lastTimestamp',
    'count',
    'type',
    'eventTime',
    'series',
    'action',
    'related',
    'reportingComponent',
    'reportingInstance',
  ],
  Role: ['rules'],
  ClusterRole: ['rules', 'aggregationRule'],
  RoleBinding: ['subjects', 'roleRef'],
  ClusterRoleBinding: ['subjects', 'roleRef'],
  ControllerRevision: ['data', 'revision'],
};

/** `fieldValidation=Strict` for built-ins: unknown top-level and metadata fields are 400s. */
export function unknownBuiltinFields(
  type: ResourceType,
  object: Obj,
): string[] {
  const allowed = new Set([
    'apiVersion',
    'kind',
    'metadata',
    'spec',
    'status',
    ...(TOP_LEVEL[type.kind] ?? []),
  ]);
  const unknown = Object.keys(object).filter(k => !allowed.has(k));
  for (const key of Object.keys(object.metadata ?? {})) {
    if (!OBJECT_META.has(key)) unknown.push(`metadata.${key}`);
  }
  return unknown;
}

/**
 * Validates a custom resource against its CRD's openAPIV3Schema: types,
 * `required`, enums; fields the schema does not declare are pruned (or, with
 * Strict, reported) unless `x-kubernetes-preserve-unknown-fields` is set.
 */
export function validateCustomResource(
  schema: Obj | undefined,
  object: Obj,
): {
  invalid: { field: string; message: string; reason?: string }[];
  unknown: string[];
} {
  const result = {
    invalid: [] as { field: string; message: string; reason?: string }[],
    unknown: [] as string[],
  };
  if (!schema) return result;
  const { metadata, apiVersion, kind, ...rest } = object;
  // Type meta and metadata are the server's to check: CRDs that list them as
  // required (CloudNativePG's do) must not fail on them.
  const serverFields = ['metadata', 'apiVersion', 'kind'];
  const topSchema = {
    ...schema,
    properties: { ...(schema.properties ?? {}) },
    required: ((schema.required ?? []) as string[]).filter(
      r => !serverFields.includes(r),
    ),
  };
  for (const field of serverFields) delete topSchema.properties[field];
  walk(topSchema, rest, '', result);
  for (const key of Object.keys(rest)) object[key] = rest[key];
  for (const key of Object.keys(object)) {
    if (!(key in rest) && !['metadata', 'apiVersion', 'kind'].includes(key))
      delete object[key];
  }
  return result;
}

function walk(
  schema: Obj,
  value: unknown,
  path: string,
  result: {
    invalid: { field: string; message: string; reason?: string }[];
    unknown: string[];
  },
) {
  if (value === null || value === undefined) return;
  const type = schema.type as string | undefined;
  const here = path || '<root>';
  if (
    schema['x-kubernetes-int-or-string'] &&
    (typeof value === 'number' || typeof value === 'string')
  )
    return;
  if (type && !matchesType(type, value)) {
    result.invalid.push({
      field: here,
      message: `Invalid value: "${describe(
        value,
      )}": ${here} in body must be of type ${type}: "${describe(value)}"`,
    });
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    result.invalid.push({
      field: here,
      message: `Unsupported value: ${JSON.stringify(
        value,
      )}: supported values: ${schema.enum
        .map((e: unknown) => JSON.stringify(e))
        .join(', ')}`,
      reason: 'FieldValueNotSupported',
    });
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Obj;
    for (const required of (schema.required ?? []) as string[]) {
      if (obj[required] === undefined) {
        result.invalid.push({
          field: path ? `${path}.${required}` : required,
          message: 'Required value',
          reason: 'FieldValueRequired',
        });
      }
    }
    const props = schema.properties as Obj | undefined;
    const additional = schema.additionalProperties as Obj | boolean | undefined;
    for (const key of Object.keys(obj)) {
      const child = path ? `${path}.${key}` : key;
      if (props?.[key]) walk(props[key], obj[key], child, result);
      else if (additional && typeof additional === 'object')
        walk(additional, obj[key], child, result);
      else if (
        !schema['x-kubernetes-preserve-unknown-fields'] &&
        !additional &&
        (props || type === 'object')
      ) {
        result.unknown.push(child);
        delete obj[key];
      }
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) =>
      walk(schema.items, item, `${path}[${i}]`, result),
    );
  }
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function describe(value: unknown) {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function strictDecodingError(unknown: string[]): StatusError {
  return errors.badRequest(
    `strict decoding error: ${unknown
      .map(f => `unknown field "${f}"`)
      .join(', ')}`,
  );
}
