import { parseQuantity } from '../model/quantity';
import { FederatedService, ResourceRole } from '../model/types';

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

/** `group/version/Kind`, or `v1/Kind` for the core group, as clusters report what they serve. */
export function resourceId(manifest: {
  apiVersion: string;
  kind: string;
}): string {
  return `${manifest.apiVersion}/${manifest.kind}`;
}

interface Container {
  resources?: {
    requests?: Record<string, unknown>;
    limits?: Record<string, unknown>;
  };
}

function podSpecOf(
  manifest: Manifest,
): { containers?: Container[] } | undefined {
  const spec = manifest.spec as Record<string, any> | undefined;
  if (!spec) return undefined;
  if (manifest.kind === 'Pod') return spec;
  if (manifest.kind === 'CronJob')
    return spec.jobTemplate?.spec?.template?.spec;
  return spec.template?.spec;
}

function requestOf(container: Container, resource: string): number {
  const value =
    container.resources?.requests?.[resource] ??
    container.resources?.limits?.[resource];
  if (typeof value !== 'string' && typeof value !== 'number') return 0;
  try {
    return parseQuantity(value);
  } catch {
    return 0;
  }
}

/**
 * What one replica of a role requests: for each workload, the sum over its
 * containers; the largest workload counts, since replicas of different
 * workloads need not share a node.
 */
export function replicaRequests(service: FederatedService, role: ResourceRole) {
  const result = { cpu: 0, memory: 0, gpu: 0 };
  for (const manifest of manifestsOfRole(service, role)) {
    const containers = podSpecOf(manifest)?.containers ?? [];
    result.cpu = Math.max(
      result.cpu,
      containers.reduce((sum, c) => sum + requestOf(c, 'cpu'), 0),
    );
    result.memory = Math.max(
      result.memory,
      containers.reduce((sum, c) => sum + requestOf(c, 'memory'), 0),
    );
    result.gpu = Math.max(
      result.gpu,
      containers.reduce((sum, c) => sum + requestOf(c, 'nvidia.com/gpu'), 0),
    );
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
