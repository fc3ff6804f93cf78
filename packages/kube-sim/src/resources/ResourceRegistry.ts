import { builtinResources } from './builtinResources';
import { groupVersion, ResourceType } from './ResourceType';

/** The group preference order a real API server reports (core first, then built-ins). */
const GROUP_ORDER = [
  '',
  'apps',
  'events.k8s.io',
  'autoscaling',
  'batch',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'discovery.k8s.io',
  'coordination.k8s.io',
  'apiextensions.k8s.io',
  'metrics.k8s.io',
];

/** The set of served resources: built-ins plus those CRDs define at run time. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();
  /** Bumped on every change so discovery and OpenAPI documents can be cached by hash. */
  revision = 1;

  constructor() {
    for (const type of builtinResources()) this.add(type);
  }

  add(type: ResourceType) {
    this.byPath.set(pathKey(type.group, type.version, type.resource), type);
    this.byKind.set(`${groupVersion(type)}/${type.kind}`, type);
    this.revision++;
  }

  remove(type: ResourceType) {
    this.byPath.delete(pathKey(type.group, type.version, type.resource));
    this.byKind.delete(`${groupVersion(type)}/${type.kind}`);
    this.revision++;
  }

  find(group: string, version: string, resource: string) {
    return this.byPath.get(pathKey(group, version, resource));
  }

  findByKind(apiVersion: string, kind: string) {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  all(): ResourceType[] {
    return [...this.byPath.values()];
  }

  /** Groups with their versions, in the order discovery lists them. */
  groups(): { name: string; versions: string[] }[] {
    const versions = new Map<string, Set<string>>();
    for (const t of this.byPath.values()) {
      if (!versions.has(t.group)) versions.set(t.group, new Set());
      versions.get(t.group)!.add(t.version);
    }
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i === -1 ? GROUP_ORDER.length : i;
    };
    return [...versions.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([name, set]) => ({
        name,
        versions: [...set].sort(compareVersions),
      }));
  }

  resourcesOf(group: string, version: string): ResourceType[] {
    return this.all().filter(t => t.group === group && t.version === version);
  }
}

function pathKey(group: string, version: string, resource: string) {
  return `${group}/${version}/${resource}`;
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stage = { beta: 2, alpha: 1 }[m[2] as 'beta' | 'alpha'] ?? 3;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  return sb - sa || mb - ma || nb - na;
}
