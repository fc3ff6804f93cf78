import {
  BackupInput,
  OperationManifest,
  OperatorProfile,
  OperatorStatusPaths,
} from '../types';

/**
 * A profile for any operator, written as data (e.g. in app-config): a
 * template of the custom resource a backup needs, with placeholders, where
 * its records are, and the status paths to read.
 *
 * @public
 */
export interface GenericProfileDefinition {
  name: string;
  backup?: {
    /** One or more manifests; `${...}` placeholders in string values are filled in. */
    templates: OperationManifest[];
    records?: {
      apiVersion: string;
      kind: string;
      namespace?: string;
      labelSelector: string;
    };
  };
  status?: OperatorStatusPaths;
}

function placeholders(input: BackupInput): Record<string, string> {
  const { service, backup, location, cluster } = input;
  return {
    service: service.metadata.name,
    entityRef: service.metadata.entityRef,
    namespace: service.metadata.namespace ?? 'default',
    backup: backup.name,
    schedule: backup.schedule,
    retention: backup.retention ?? '',
    cluster: cluster.name,
    'location.name': location.name,
    'location.provider': location.provider,
    'location.bucket': location.bucket,
    'location.prefix': location.prefix ?? '',
    'location.region': location.region ?? '',
    'location.endpoint': location.endpoint ?? '',
    'location.jurisdiction': location.jurisdiction,
  };
}

/** The value with `${name}` placeholders filled in, in every string it holds. */
function fill(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([a-zA-Z.]+)\}/g, (whole, key: string) =>
      key in values ? values[key] : whole,
    );
  }
  if (Array.isArray(value)) return value.map(v => fill(v, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fill(v, values)]),
    );
  }
  return value;
}

/**
 * An operator profile from a definition: backups render its templates with
 * the backup's schedule, retention and storage location filled in.
 *
 * @public
 */
export function genericProfile(
  definition: GenericProfileDefinition,
): OperatorProfile {
  const backup = definition.backup;
  return {
    name: definition.name,
    ...(backup
      ? {
          renderBackup: input =>
            backup.templates.map(
              t => fill(t, placeholders(input)) as OperationManifest,
            ),
          ...(backup.records
            ? {
                backupRecords: ({ service, backup: b }) =>
                  fill(backup.records, {
                    service: service.metadata.name,
                    backup: b.name,
                    namespace: service.metadata.namespace ?? 'default',
                  }) as ReturnType<
                    NonNullable<OperatorProfile['backupRecords']>
                  >,
              }
            : {}),
        }
      : {}),
    ...(definition.status ? { status: definition.status } : {}),
  };
}
