import { clone } from '../kube/clone';
import { errors, StatusError } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import { isObject } from '../patch/mergePatch';
import { groupVersion, ResourceType } from '../resources/ResourceType';
import { ObjectStore } from '../store/ObjectStore';
import {
  strictDecodingError,
  unknownBuiltinFields,
  validateCustomResource,
} from './fieldValidation';
import { WriteContext } from './options';

/**
 * A copy of a request body as an object of this type: kind and apiVersion
 * filled in, the namespace taken from the URL (a different one is refused).
 * `shallow` copies only the object and its metadata, for callers that copy
 * what they keep of it (a status write keeps the status).
 */
export function checkBody(
  type: ResourceType,
  namespace: string | undefined,
  body: unknown,
  copy: 'deep' | 'shallow' = 'deep',
): KubeObject {
  if (!isObject(body))
    throw errors.badRequest('the request body must be a JSON or YAML object');
  const object = (
    copy === 'deep' ? clone(body) : { ...body, metadata: body.metadata }
  ) as KubeObject;
  if (!isObject(object.metadata)) object.metadata = {};
  else if (copy === 'shallow') object.metadata = { ...object.metadata };
  const apiVersion = groupVersion(type);
  if (object.kind && object.kind !== type.kind) {
    throw errors.badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`,
    );
  }
  object.apiVersion ??= apiVersion;
  object.kind ??= type.kind;
  if (type.namespaced) {
    if (object.metadata.namespace && object.metadata.namespace !== namespace) {
      throw errors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    object.metadata.namespace = namespace;
  } else {
    delete object.metadata.namespace;
  }
  return object;
}

/**
 * Optimistic concurrency: a write that names a resourceVersion applies to
 * that version only, and is a 409 once the object has moved on.
 */
export function checkResourceVersion(
  type: ResourceType,
  name: string,
  current: KubeObject,
  expected: unknown,
) {
  if (expected && expected !== current.metadata.resourceVersion) {
    throw errors.conflict(type, name);
  }
}

/**
 * A write whose object names a uid is for that object only, as the API
 * server takes it as a precondition: an object of the name recreated
 * since (another uid), or none at all, is a 409.
 */
export function checkUid(
  type: ResourceType,
  name: string,
  current: KubeObject | undefined,
  expected: unknown,
) {
  if (typeof expected === 'string' && expected !== current?.metadata.uid) {
    throw errors.uidPrecondition(type, name, expected, current?.metadata.uid);
  }
}

/** `fieldValidation=Strict` for built-in kinds: unknown fields are a 400. */
export function checkStrict(
  type: ResourceType,
  object: KubeObject,
  ctx: WriteContext,
) {
  if (ctx.fieldValidation !== 'Strict' || type.custom) return;
  const unknown = unknownBuiltinFields(type, object);
  if (unknown.length) throw strictDecodingError(unknown);
}

/** A custom resource against its CRD's openAPIV3Schema (unknown fields pruned unless Strict). */
export function checkCustom(
  type: ResourceType,
  object: KubeObject,
  ctx: WriteContext,
) {
  const { invalid, unknown } = validateCustomResource(
    type.custom!.schema as any,
    object,
  );
  if (unknown.length && ctx.fieldValidation === 'Strict')
    throw strictDecodingError(unknown);
  if (invalid.length) {
    throw errors.invalid(
      type.kind,
      type.group,
      object.metadata.name ?? '',
      invalid,
    );
  }
}

/** Namespaced objects need their namespace to exist and not be terminating. */
export function checkNamespaceOpen(store: ObjectStore, namespace: string) {
  const ns = store.get('/namespaces', undefined, namespace);
  if (!ns) {
    throw errors.notFound({ group: '', resource: 'namespaces' }, namespace);
  }
  if (ns.metadata.deletionTimestamp) {
    throw new StatusError(
      403,
      'Forbidden',
      `unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name: namespace,
        kind: 'namespaces',
      },
    );
  }
}
