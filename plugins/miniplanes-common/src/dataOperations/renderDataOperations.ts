import { FederatedService, Fleet } from '../model/types';
import { PlacementDecision } from '../placement/types';
import { builtinOperatorProfiles } from './builtinProfiles';
import { evaluateDataOperations } from './evaluateDataOperations';
import { OperationManifest, OperatorProfile } from './types';

/** Marks the objects a data operation adds, with the operation's name. @public */
export const DATA_OPERATION_ANNOTATION = 'miniplanes.io/data-operation';

/**
 * What a service's data operations add to one data cluster, and how they
 * change its replicated data resources. Checked against the fleet as it is
 * now, so nothing is written for a backup whose location the data may not
 * go to, or where the cluster runs no operator for it.
 *
 * @public
 */
export function renderDataOperations(input: {
  service: FederatedService;
  decision: PlacementDecision;
  cluster: string;
  fleet: Fleet;
  profiles?: OperatorProfile[];
  /** The cluster's rendered data resources, by manifest name. */
  dataResources: Map<string, OperationManifest>;
}): { added: OperationManifest[]; replaced: Map<string, OperationManifest> } {
  const { service, decision, cluster, fleet } = input;
  const profiles = input.profiles ?? builtinOperatorProfiles;
  const added: OperationManifest[] = [];
  const replaced = new Map<string, OperationManifest>();
  const profile = fleet.clusters.find(c => c.name === cluster);
  const operations = service.spec.dataOperations;
  if (!profile || !operations) return { added, replaced };
  const decisions = new Map(
    evaluateDataOperations({ service, fleet, decision, profiles }).map(d => [
      d.name,
      d,
    ]),
  );
  const mark = (manifest: OperationManifest, operation: string) => ({
    ...manifest,
    metadata: {
      ...manifest.metadata,
      annotations: {
        ...manifest.metadata.annotations,
        [DATA_OPERATION_ANNOTATION]: operation,
      },
    },
  });
  for (const backup of operations.backups ?? []) {
    const name = `backup:${backup.name}`;
    const decided = decisions.get(name);
    const operator = decided?.clusters.find(c => c.name === cluster)?.operator;
    const location = fleet.storageLocations?.find(
      l => l.name === backup.storageLocation,
    );
    const outside = decided?.reasons.some(
      r => r.code === 'Residency' || r.code === 'Governance',
    );
    const renderer = profiles.find(p => p.name === operator)?.renderBackup;
    if (!renderer || !location || outside) continue;
    const resources = service.spec.resources.filter(
      r =>
        r.role === 'data' &&
        (!backup.resources ||
          backup.resources.includes(r.manifest.metadata.name)),
    );
    added.push(
      ...renderer({
        service,
        backup,
        location,
        cluster: profile,
        resources,
      }).map(m => mark(m, name)),
    );
  }
  const replication = operations.replication;
  const decided = decisions.get('replication');
  const own = decided?.clusters.find(c => c.name === cluster);
  const renderer = profiles.find(
    p => p.name === own?.operator,
  )?.renderReplication;
  if (replication && decided?.allowed && own?.role && renderer) {
    for (const resource of replication.resources) {
      const manifest = input.dataResources.get(resource);
      if (!manifest) continue;
      const result = renderer({
        service,
        manifest,
        cluster: profile,
        primary: replication.primary,
        role: own.role,
        peers: decided.clusters.map(c => c.name),
      });
      replaced.set(resource, mark(result.manifest, 'replication'));
      added.push(...result.extra.map(m => mark(m, 'replication')));
    }
  }
  return { added, replaced };
}
