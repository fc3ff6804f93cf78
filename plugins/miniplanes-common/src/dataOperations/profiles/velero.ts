import { durationMs } from '../../model/durations';
import {
  MINIPLANES_LABELS,
  serviceLabelValue,
} from '../../render/ownershipLabels';
import { OperatorProfile } from '../types';

/** The namespace Velero runs in and watches for its resources. */
export const VELERO_NAMESPACE = 'velero';

/** Velero's ttl: a Go duration, e.g. 720h0m0s. */
function veleroTtl(retention: string): string {
  const seconds = Math.round(durationMs(retention) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${h}h${m}m${seconds % 60}s`;
}

/**
 * Velero (velero.io/v1): a BackupStorageLocation for the backup's location
 * and a Schedule that backs up the service's data objects there: those
 * carrying its service and `data` role labels, in its namespaces.
 *
 * @public
 */
export const veleroProfile: OperatorProfile = {
  name: 'velero',
  renderBackup({ service, backup, location, resources }) {
    const entity = service.metadata.entityRef;
    const locationName = `miniplanes-${location.name}`;
    const namespaces = [
      ...new Set(
        resources.map(
          r =>
            (r.manifest.metadata.namespace as string | undefined) ??
            service.metadata.namespace ??
            'default',
        ),
      ),
    ].sort();
    return [
      {
        apiVersion: 'velero.io/v1',
        kind: 'BackupStorageLocation',
        metadata: { name: locationName, namespace: VELERO_NAMESPACE },
        spec: {
          provider: location.provider,
          objectStorage: {
            bucket: location.bucket,
            ...(location.prefix ? { prefix: location.prefix } : {}),
          },
          ...(location.region || location.endpoint
            ? {
                config: {
                  ...(location.region ? { region: location.region } : {}),
                  ...(location.endpoint ? { s3Url: location.endpoint } : {}),
                },
              }
            : {}),
        },
      },
      {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: {
          name: `${service.metadata.name}-${backup.name}`,
          namespace: VELERO_NAMESPACE,
        },
        spec: {
          schedule: backup.schedule,
          template: {
            includedNamespaces: namespaces,
            labelSelector: {
              matchLabels: {
                [MINIPLANES_LABELS.service]: serviceLabelValue(entity),
                [MINIPLANES_LABELS.role]: 'data',
              },
            },
            storageLocation: locationName,
            ...(backup.retention ? { ttl: veleroTtl(backup.retention) } : {}),
          },
        },
      },
    ];
  },
  // Velero labels each Backup with the Schedule that took it.
  backupRecords: ({ service, backup }) => ({
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    namespace: VELERO_NAMESPACE,
    labelSelector: `velero.io/schedule-name=${service.metadata.name}-${backup.name}`,
  }),
  status: {
    lastBackupTime: '$.status.completionTimestamp',
    lastBackupPhase: '$.status.phase',
  },
};
