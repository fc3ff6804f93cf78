import { parse as parseYaml } from 'yaml';
import { errors } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import { serverSideApply } from '../patch/managedFields';
import { isObject } from '../patch/mergePatch';
import { groupVersion, ResourceType } from '../resources/ResourceType';
import { ObjectWriter } from './ObjectWriter';
import { Subresource, WriteContext } from './options';
import { findObject } from './reads';
import { checkBody, checkCustom, checkStrict, checkUid } from './requestChecks';

/**
 * Server-side apply (`application/apply-patch+yaml`): creates the object or
 * merges the applier's configuration with field ownership and conflicts.
 */
export function applyConfiguration(
  writer: ObjectWriter,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  body: string,
  ctx: WriteContext,
  options: { force?: boolean; subresource?: Subresource },
): KubeObject {
  if (!ctx.fieldManager) {
    throw errors.badRequest(
      'PATCH, application/apply-patch+yaml requires fieldManager to be set',
    );
  }
  let config: KubeObject;
  try {
    // Every client sends JSON text as apply YAML; JSON.parse is much faster than a YAML parse.
    config = parseApplyBody(body);
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (!isObject(config) || !isObject(config.metadata)) {
    throw errors.badRequest(
      'apply configuration must be an object with metadata',
    );
  }
  if (config.metadata.name && config.metadata.name !== name) {
    throw errors.badRequest(
      `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  config.metadata.name = name;
  if (type.namespaced) config.metadata.namespace ??= namespace;
  if (type.custom) checkCustom(type, config, ctx);
  else checkStrict(type, config, ctx);
  const current = findObject(writer.store, type, namespace, name);
  checkUid(type, name, current, config.metadata.uid);
  const applier = {
    manager: ctx.fieldManager,
    apiVersion: config.apiVersion ?? groupVersion(type),
    time: writer.clock.timestamp(),
    subresource:
      options.subresource === 'status' ? ('status' as const) : undefined,
  };
  const hasStatus = Boolean(type.subresources.status);
  if (!current) {
    if (options.subresource) throw errors.notFound(type, name);
    const { object, managedFields } = serverSideApply(
      undefined,
      config,
      applier,
      true,
      hasStatus,
    );
    // Set on checkBody's copy, so the object keeps managedFields' shared field sets.
    const created = checkBody(type, namespace, object);
    created.metadata.managedFields = managedFields;
    return writer.createObject(type, namespace, created, ctx, undefined);
  }
  const { object, managedFields } = serverSideApply(
    current,
    config,
    applier,
    Boolean(options.force),
    hasStatus,
  );
  object.metadata.managedFields = managedFields;
  return writer.commitUpdate(
    type,
    current,
    object,
    ctx,
    { verb: 'patch', patchType: 'apply' },
    options.subresource,
    true,
  );
}

function parseApplyBody(body: string): KubeObject {
  try {
    return JSON.parse(body);
  } catch {
    return parseYaml(body) as KubeObject;
  }
}
