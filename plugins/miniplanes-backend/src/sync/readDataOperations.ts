import {
  builtinOperatorProfiles,
  DataOperationStatus,
  evaluateDataOperations,
  FederatedService,
  Fleet,
  OperatorProfile,
  PlacementDecision,
  readPath,
} from '@miniplanes/plugin-miniplanes-common';
import { ClusterClient } from '../cluster/ClusterClient';
import { KubeObject } from '../cluster/objectIdentity';

function created(o: KubeObject): number {
  return Date.parse(String(o.metadata.creationTimestamp ?? '')) || 0;
}

/**
 * What one data cluster's operators report of a service's data operations,
 * read back through the paths their profiles name: each backup's last
 * record (flagged stale when no backup succeeded for too long) and the
 * replication role and lag of each replicated resource. A read that fails
 * says why instead of failing the sync.
 */
export async function readDataOperations(input: {
  client: ClusterClient;
  service: FederatedService;
  decision: PlacementDecision;
  fleet: Fleet;
  profiles?: OperatorProfile[];
  now: Date;
  /** A backup older than this (or none) is stale. */
  staleAfterMs: number;
}): Promise<DataOperationStatus[]> {
  const { client, service, decision, fleet } = input;
  const operations = service.spec.dataOperations;
  if (!operations) return [];
  const decided = evaluateDataOperations({
    service,
    fleet,
    decision,
    profiles: input.profiles,
  });
  const profiles = input.profiles ?? builtinOperatorProfiles;
  const statuses: DataOperationStatus[] = [];
  for (const operation of decided) {
    const own = operation.clusters.find(c => c.name === client.cluster);
    if (!own?.operator) continue;
    const profile = profiles.find(p => p.name === own.operator);
    if (!profile) continue;
    const status: DataOperationStatus = {
      name: operation.name,
      operator: profile.name,
    };
    try {
      if (operation.name.startsWith('backup:')) {
        const backup = operations.backups?.find(
          b => `backup:${b.name}` === operation.name,
        );
        const records = backup && profile.backupRecords?.({ service, backup });
        if (records) {
          const found = await client.list(
            records.apiVersion,
            records.kind,
            records.labelSelector,
            records.namespace,
          );
          const paths = profile.status ?? {};
          const phaseOf = (o: KubeObject) =>
            paths.lastBackupPhase
              ? (readPath(o, paths.lastBackupPhase) as string | undefined)
              : undefined;
          const timeOf = (o: KubeObject) =>
            paths.lastBackupTime
              ? (readPath(o, paths.lastBackupTime) as string | undefined)
              : undefined;
          const latest = [...found].sort((a, b) => created(b) - created(a))[0];
          const succeeded = found
            .filter(o => phaseOf(o) === 'Completed' && timeOf(o))
            .sort((a, b) => Date.parse(timeOf(b)!) - Date.parse(timeOf(a)!))[0];
          if (latest) {
            status.lastBackup = {
              name: latest.metadata.name,
              phase: phaseOf(latest),
              time: timeOf(latest),
              ...(operation.location
                ? {
                    location: operation.location.name,
                    jurisdiction: operation.location.jurisdiction,
                  }
                : {}),
            };
          }
          status.stale =
            !succeeded ||
            input.now.getTime() - Date.parse(timeOf(succeeded)!) >
              input.staleAfterMs;
        }
      } else if (operations.replication) {
        const resource = service.spec.resources.find(
          r =>
            r.role === 'data' &&
            operations.replication!.resources.includes(
              r.manifest.metadata.name,
            ),
        );
        if (resource) {
          const live = await client.get({
            apiVersion: resource.manifest.apiVersion,
            kind: resource.manifest.kind,
            metadata: {
              name: resource.manifest.metadata.name,
              namespace:
                (resource.manifest.metadata.namespace as string | undefined) ??
                service.metadata.namespace ??
                'default',
            },
          });
          const paths = profile.status ?? {};
          const read = (path?: string) =>
            path && live ? readPath(live, path) : undefined;
          const lag = read(paths.replicationLag);
          const ready = read(paths.healthy);
          status.replication = {
            ...(typeof read(paths.replicationRole) === 'string'
              ? { role: read(paths.replicationRole) as string }
              : {}),
            ...(typeof lag === 'number' ? { lagSeconds: lag } : {}),
            ...(ready !== undefined ? { ready: Boolean(ready) } : {}),
          };
          if (!live) status.message = 'not created in the cluster yet';
        }
      }
    } catch (error) {
      status.message = `could not read its status: ${(error as Error).message}`;
    }
    statuses.push(status);
  }
  return statuses;
}
