import { ResourceRegistry } from '../resources/ResourceRegistry';
import { groupVersion, ResourceType } from '../resources/ResourceType';

export const AGGREGATED_DISCOVERY_V2 =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_DISCOVERY_V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which aggregated discovery version the Accept header asks for first, if any. */
export function aggregatedDiscoveryVersion(
  accept: string | undefined,
): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList')) continue;
    if (part.includes('v=v2beta1')) return 'v2beta1';
    if (part.includes('v=v2')) return 'v2';
  }
  return undefined;
}

export function apiVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' },
    ],
  };
}

function groupEntry(name: string, versions: string[]) {
  const list = versions.map(v => ({
    groupVersion: `${name}/${v}`,
    version: v,
  }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter(g => g.name !== '')
      .map(g => groupEntry(g.name, g.versions)),
  };
}

export function apiGroup(registry: ResourceRegistry, name: string) {
  const group = registry.groups().find(g => g.name === name);
  return (
    group && {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...groupEntry(group.name, group.versions),
    }
  );
}

export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const types = registry.resourcesOf(group, version);
  if (!types.length) return undefined;
  const resources: object[] = [];
  for (const t of types) {
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
      storageVersionHash: hashOf(`${groupVersion(t)}/${t.kind}`),
    });
    if (t.subresources.status) {
      resources.push({
        name: `${t.resource}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (t.subresources.scale) {
      resources.push({
        name: `${t.resource}/scale`,
        singularName: '',
        namespaced: t.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources,
  };
}

function discoveryResource(t: ResourceType) {
  const subresources: object[] = [];
  if (t.subresources.status) {
    subresources.push({
      subresource: 'status',
      responseKind: { group: t.group, version: t.version, kind: t.kind },
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (t.subresources.scale) {
    subresources.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  }
  return {
    resource: t.resource,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    ...(t.categories ? { categories: t.categories } : {}),
    ...(subresources.length ? { subresources } : {}),
  };
}

/** The aggregated form: every group, version and resource in one document. */
export function aggregatedDiscovery(
  registry: ResourceRegistry,
  legacy: boolean,
  version: 'v2' | 'v2beta1',
) {
  const groups = registry.groups().filter(g => (g.name === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(g => ({
      metadata: legacy ? {} : { name: g.name },
      versions: g.versions.map(v => ({
        version: v,
        freshness: 'Current',
        resources: registry.resourcesOf(g.name, v).map(discoveryResource),
      })),
    })),
  };
}

export function hashOf(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).toUpperCase().padStart(16, '0');
}
