import {
  FederatedService,
  Fleet,
  formatPath,
  PlacementDecision,
  immutableFieldChanges,
  renderClusterManifests,
  RenderedManifest,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { objectKey } from '../cluster/objectIdentity';
import { InventoryEntry } from '../store/InventoryStore';
import { everyRoleIn, VersionProblem } from './validateVersion';

/**
 * The changes a proposed version makes to objects that exist in the
 * clusters which Kubernetes refuses to make (a StatefulSet's
 * volumeClaimTemplates, a selector, a Job's template…). Each object is
 * compared, in each cluster where the service has it applied and the
 * proposed version places it, with what the current version renders there:
 * filed, such a version could never be in sync there, and its request
 * could only fail.
 */
export function immutableChangeProblems(input: {
  current: FederatedService;
  next: FederatedService;
  fleet: Fleet;
  /** Where the proposed version places each role. */
  preview: PlacementDecision;
  /** The service's inventory: where its objects exist. */
  inventory: readonly InventoryEntry[];
  interpreters?: readonly ResourceInterpreter[];
}): VersionProblem[] {
  const { current, next, fleet, preview, inventory, interpreters } = input;
  /** Clusters by problem, so that one change reads once with its clusters. */
  const found = new Map<string, VersionProblem & { clusters: string[] }>();
  for (const cluster of fleet.clusters) {
    // Retained objects, and those the version takes off the cluster, are
    // not written again.
    const placed = new Set(
      preview.clusters.find(c => c.name === cluster.name && c.selected)
        ?.roles ?? [],
    );
    const existing = new Set(
      inventory
        .filter(e => e.cluster === cluster.name && e.state === 'applied')
        .map(e => e.objectKey),
    );
    if (existing.size === 0 || placed.size === 0) continue;
    const render = (service: FederatedService) =>
      renderClusterManifests({
        service,
        decision: everyRoleIn(cluster, service),
        cluster,
        interpreters,
      });
    let before: RenderedManifest[];
    let after: RenderedManifest[];
    try {
      before = render(current);
      after = render(next);
    } catch {
      // Refused by validateVersion with its reason, or the current version
      // no longer renders here: nothing to compare.
      continue;
    }
    const previous = new Map(
      before.map(({ manifest }) => [objectKey(manifest), manifest]),
    );
    after.forEach(({ manifest }, index) => {
      // Data operations render after the resources; none is a built-in kind.
      if (index >= next.spec.resources.length) return;
      if (!placed.has(next.spec.resources[index].role)) return;
      const key = objectKey(manifest);
      const was = previous.get(key);
      if (!was || !existing.has(key)) return;
      for (const change of immutableFieldChanges(was, manifest)) {
        const path = `spec.resources[${index}].manifest.${formatPath(
          change.path,
        )}`;
        const id = `${path} ${change.message}`;
        const problem = found.get(id) ?? {
          path,
          message: change.message,
          clusters: [],
        };
        problem.clusters.push(cluster.name);
        found.set(id, problem);
      }
    });
  }
  return [...found.values()].map(({ path, message, clusters }) => ({
    path,
    message: `${message} (it exists in ${clusters.join(', ')})`,
  }));
}
