import { builtinResourceInterpreters } from '../interpreters/builtinInterpreters';
import {
  interpretRequirements,
  podSpecOf,
} from '../interpreters/replicaRequirements';
import { ResourceInterpreter } from '../interpreters/types';
import { FederatedService, ResourceRole } from '../model/types';
import { ReplicaRequests } from './types';

type Manifest = FederatedService['spec']['resources'][number]['manifest'];

/** The manifests of one role, in document order. */
export function manifestsOfRole(
  service: FederatedService,
  role: ResourceRole,
): Manifest[] {
  return service.spec.resources
    .filter(r => r.role === role)
    .map(r => r.manifest);
}

/**
 * The kinds a role's manifests need a cluster to serve, as `resourceId`s:
 * all but those the service's own CustomResourceDefinitions define, which
 * the sync installs before anything that uses them.
 */
export function kindsToServe(
  service: FederatedService,
  role: ResourceRole,
): string[] {
  const own = ownCustomKinds(service);
  return manifestsOfRole(service, role)
    .map(resourceId)
    .filter(id => !own.has(id));
}

/** `group/version/Kind` of every version a CRD among the service's resources defines. */
function ownCustomKinds(service: FederatedService): Set<string> {
  const kinds = new Set<string>();
  for (const { manifest } of service.spec.resources) {
    if (
      manifest.kind !== 'CustomResourceDefinition' ||
      !manifest.apiVersion.startsWith('apiextensions.k8s.io/')
    )
      continue;
    const spec = manifest.spec as
      | {
          group?: string;
          names?: { kind?: string };
          versions?: { name?: string }[];
        }
      | undefined;
    if (!spec?.group || !spec.names?.kind) continue;
    for (const version of spec.versions ?? []) {
      if (version.name)
        kinds.add(`${spec.group}/${version.name}/${spec.names.kind}`);
    }
  }
  return kinds;
}

/** `group/version/Kind`, or `v1/Kind` for the core group, as clusters report what they serve. */
export function resourceId(manifest: {
  apiVersion: string;
  kind: string;
}): string {
  return `${manifest.apiVersion}/${manifest.kind}`;
}

/**
 * What one replica of a role requests: for each workload, what its kind's
 * interpreter says one replica asks of a cluster; the largest workload
 * counts, since replicas of different workloads need not share a node.
 * When an interpreter cannot tell, `unknown` says why and every amount is
 * Infinity: no cluster has room for what nobody can size.
 */
export function replicaRequests(
  service: FederatedService,
  role: ResourceRole,
  interpreters: readonly ResourceInterpreter[] = builtinResourceInterpreters,
): ReplicaRequests {
  const result = { cpu: 0, memory: 0, gpu: 0 };
  for (const manifest of manifestsOfRole(service, role)) {
    const read = interpretRequirements(manifest, interpreters);
    if (!read.ok)
      return {
        cpu: Infinity,
        memory: Infinity,
        gpu: Infinity,
        unknown: read.message,
      };
    const { requirements } = read;
    result.cpu = Math.max(result.cpu, requirements.cpu);
    result.memory = Math.max(result.memory, requirements.memory);
    result.gpu = Math.max(result.gpu, requirements.gpu);
  }
  return result;
}

/** The replicas a role's manifests ask for themselves (the largest), 1 when none say. */
export function manifestReplicas(
  service: FederatedService,
  role: ResourceRole,
): number {
  const counts = manifestsOfRole(service, role)
    .map(m => (m.spec as { replicas?: unknown } | undefined)?.replicas)
    .filter((r): r is number => typeof r === 'number');
  return counts.length > 0 ? Math.max(...counts) : 1;
}

/** Whether the role has anything that runs replicas. */
export function hasWorkloads(
  service: FederatedService,
  role: ResourceRole,
): boolean {
  return manifestsOfRole(service, role).some(m => podSpecOf(m) !== undefined);
}
