import { ResourceRole } from '../model/types';
import { PreviousPlacement } from './types';

const rolesByDecision = new WeakMap<
  PreviousPlacement,
  Map<string, readonly ResourceRole[]>
>();

/**
 * Whether `role` ran on the cluster named in the previous decision. The
 * decision is indexed once: scoring a fleet asks for every cluster.
 */
export function ranThere(
  previous: PreviousPlacement | undefined,
  cluster: string,
  role: ResourceRole,
): boolean {
  if (!previous) return false;
  let roles = rolesByDecision.get(previous);
  if (!roles) {
    roles = new Map();
    for (const c of previous.clusters)
      if (!roles.has(c.name)) roles.set(c.name, c.roles);
    rolesByDecision.set(previous, roles);
  }
  return roles.get(cluster)?.includes(role) ?? false;
}
