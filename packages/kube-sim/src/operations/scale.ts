import { clone } from '../kube/clone';
import { errors } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import { ResourceType } from '../resources/ResourceType';
import { ObjectWriter } from './ObjectWriter';
import { WriteContext } from './options';
import { getObject } from './reads';
import { checkResourceVersion } from './requestChecks';
import { selectorToString } from './selectors';
import { WriteKind } from './writeLog';

/** Builds the autoscaling/v1 Scale view of a scalable object. */
export function scaleOf(type: ResourceType, object: KubeObject) {
  const status = (object.status ?? {}) as Record<string, any>;
  const spec = (object.spec ?? {}) as Record<string, any>;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: {
      replicas:
        readPath(object, type.subresources.scale!.specReplicasPath) ??
        spec.replicas ??
        0,
    },
    status: {
      replicas:
        readPath(object, type.subresources.scale!.statusReplicasPath) ??
        status.replicas ??
        0,
      selector: selectorToString(spec.selector),
    },
  };
}

/** A write to `/scale`: `change` turns the current Scale into the requested one. */
export function writeScale(
  writer: ObjectWriter,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  ctx: WriteContext,
  write: WriteKind,
  change: (scale: unknown) => unknown,
) {
  if (!type.subresources.scale) throw errors.pathNotFound();
  const current = getObject(writer.store, type, namespace, name);
  const scale = change(scaleOf(type, current)) as Record<string, any>;
  checkResourceVersion(type, name, current, scale?.metadata?.resourceVersion);
  const replicas = scale?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', name, [
      {
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(
          replicas,
        )}: must be greater than or equal to 0`,
      },
    ]);
  }
  const next = clone(current);
  writePath(next, type.subresources.scale.specReplicasPath, replicas);
  const stored = writer.commitUpdate(type, current, next, ctx, write, 'scale');
  return scaleOf(type, stored) as unknown as KubeObject;
}

function readPath(object: unknown, path: string): any {
  return path
    .split('.')
    .filter(Boolean)
    .reduce<any>(
      (v, k) => (v === undefined || v === null ? undefined : v[k]),
      object,
    );
}

function writePath(object: any, path: string, value: unknown) {
  const keys = path.split('.').filter(Boolean);
  let node = object;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}
