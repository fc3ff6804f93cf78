import { ResourceRegistry } from '../resources/ResourceRegistry';
import { hashOf } from './discovery';

function pathOf(group: string, version: string) {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/**
 * The OpenAPI v3 root: one entry per group-version. The hash changes with the
 * served set, because clients cache group documents by URL.
 */
export function openApiRoot(registry: ResourceRegistry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of registry.groups()) {
    for (const v of g.versions) {
      const p = pathOf(g.name, v);
      paths[p] = {
        serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(
          `${registry.revision}/${p}`,
        )}`,
      };
    }
  }
  return { paths };
}

/** A query parameter as the API server's OpenAPI v3 documents it. */
const queryParameter = (name: string, type: 'string' | 'boolean') => ({
  name,
  in: 'query',
  schema: { type, uniqueItems: true },
});

/**
 * A group-version document with, for every resource, a `patch` operation
 * carrying `x-kubernetes-group-version-kind` and the `fieldValidation`
 * parameter: what kubectl checks before it sends `fieldValidation=Strict`.
 */
export function openApiGroupVersion(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const types = registry.resourcesOf(group, version);
  if (!types.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const base = `/${pathOf(group, version)}${
      t.namespaced ? '/namespaces/{namespace}' : ''
    }/${t.resource}/{name}`;
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    paths[base] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [
          queryParameter('fieldValidation', 'string'),
          queryParameter('fieldManager', 'string'),
          queryParameter('dryRun', 'string'),
          queryParameter('force', 'boolean'),
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  // No components.schemas: kubectl would then build patches from them instead of its own types.
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
  };
}
