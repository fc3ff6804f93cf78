import { ageColumn } from '../resources/columns';
import { ResourceType, TableColumn } from '../resources/ResourceType';
import { KubeObject } from '../kube/types';

/** Whether the client asked for `kubectl get`'s server-side printing. */
export function wantsTable(accept: string | undefined): boolean {
  return Boolean(accept && /as=Table/.test(accept));
}

function columnsOf(type: ResourceType): TableColumn[] {
  const columns = type.columns ?? [];
  // A CRD's printer columns are all there is: Age only when it lists none.
  if (type.custom && columns.length) return columns;
  return columns.some(c => c.name === 'Age')
    ? columns
    : [...columns, ageColumn];
}

/** `meta.k8s.io/v1 Table` rows for objects, with PartialObjectMetadata as each row's object. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  now: number,
  includeColumnDefinitions = true,
) {
  const columns = columnsOf(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: includeColumnDefinitions
      ? [
          {
            name: 'Name',
            type: 'string',
            format: 'name',
            description: 'Name must be unique within a namespace.',
            priority: 0,
          },
          ...columns.map(c => ({
            name: c.name,
            type: c.type,
            format: c.format ?? '',
            description: c.description ?? c.name,
            priority: c.priority ?? 0,
          })),
        ]
      : [],
    rows: objects.map(o => ({
      cells: [o.metadata.name, ...columns.map(c => c.cell(o, now))],
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { ...o.metadata, managedFields: undefined },
      },
    })),
  };
}
