import { FederatedService, ResourceRole } from '../model/types';
import { PlacementDecision } from './types';
import {
  hasWorkloads,
  manifestReplicas,
  manifestsOfRole,
  replicaRequests,
  resourceId,
} from './workloads';

const ROLES: ResourceRole[] = ['data', 'compute', 'config'];

/**
 * A canonical key of everything the built-in plugins, the spread and the
 * replica assignment read from a service and its previous decision. Two
 * services with the same key get the same plan against the same fleet, so
 * a fleet-wide evaluation computes each distinct plan once.
 *
 * Complete by construction: the whole placement and data sections, and per
 * role what the workloads are reduced to (served kinds, requests per
 * replica, replicas asked for). Manifest names are left out: only the
 * "Selected" messages use them, and those are spelled out per service.
 */
export function planKey(
  service: FederatedService,
  previous: PlacementDecision | undefined,
  pinnedData?: string[],
): string {
  const roles = ROLES.filter(role =>
    service.spec.resources.some(r => r.role === role),
  ).map(role => {
    const { cpu, memory, gpu } = replicaRequests(service, role);
    return [
      role,
      manifestsOfRole(service, role).map(resourceId),
      cpu,
      memory,
      gpu,
      hasWorkloads(service, role) ? manifestReplicas(service, role) : 0,
    ];
  });
  return JSON.stringify([
    service.spec.placement,
    service.spec.data ?? null,
    roles,
    previous ? previousPlacement(previous) : null,
    pinnedData ? [...pinnedData].sort() : null,
  ]);
}

/** What stability reads from a previous decision: where each role ran, with how many replicas. */
function previousPlacement(previous: PlacementDecision): string[] {
  const placed: string[] = [];
  for (const { name, roles, replicas } of previous.clusters) {
    if (
      roles.length > 0 ||
      replicas.data ||
      replicas.compute ||
      replicas.config
    )
      placed.push(
        `${name}:${roles.join('+')}:${replicas.data},${replicas.compute},${
          replicas.config
        }`,
      );
  }
  return placed;
}
