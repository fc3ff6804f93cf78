import { repeatedKeys } from './repeatedKeys';

/**
 * Where a service's data operations refer to what is not there: a resource
 * that is not one of its data resources, or two backups of one name. Checks
 * against the fleet (storage locations, operators, jurisdictions) are the
 * placement's.
 */
export function dataOperationIssues(spec: {
  resources: { role: string; manifest: { metadata: { name: string } } }[];
  dataOperations?: {
    backups?: { name: string; resources?: string[] }[];
    replication?: { resources: string[] };
  };
}): { path: (string | number)[]; message: string }[] {
  const operations = spec.dataOperations;
  if (!operations) return [];
  const data = new Set(
    spec.resources
      .filter(r => r.role === 'data')
      .map(r => r.manifest.metadata.name),
  );
  const issues: { path: (string | number)[]; message: string }[] = [];
  const checkResources = (names: string[], path: (string | number)[]) =>
    names.forEach((name, index) => {
      if (!data.has(name)) {
        issues.push({
          path: [...path, index],
          message: `${name} is not a data resource of this service (data resources: ${
            [...data].join(', ') || 'none'
          })`,
        });
      }
    });
  const backups = operations.backups ?? [];
  const repeated = repeatedKeys(backups.map(b => b.name));
  backups.forEach((backup, index) => {
    const first = repeated.get(index);
    if (first !== undefined) {
      issues.push({
        path: ['backups', index, 'name'],
        message: `duplicate backup ${backup.name} (also backups[${first}])`,
      });
    }
    checkResources(backup.resources ?? [], ['backups', index, 'resources']);
  });
  if (operations.replication) {
    checkResources(operations.replication.resources, [
      'replication',
      'resources',
    ]);
  }
  return issues;
}
