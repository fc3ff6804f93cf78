import {
  ALL_VERBS,
  ResourceType,
  TableColumn,
} from '../resources/ResourceType';
import { humanAge } from '../resources/columns';
import { KubeObject } from '../kube/types';

type Obj = Record<string, any>;

function readJsonPath(object: unknown, jsonPath: string): unknown {
  return jsonPath
    .replace(/^\{?\.?/, '')
    .replace(/\}$/, '')
    .split('.')
    .filter(Boolean)
    .reduce<any>(
      (v, k) => (v === undefined || v === null ? undefined : v[k]),
      object,
    );
}

function printerColumns(columns: Obj[] | undefined): TableColumn[] | undefined {
  if (!columns?.length) return undefined;
  return columns.map(c => ({
    name: c.name,
    type: c.type === 'date' ? 'date' : c.type ?? 'string',
    format: c.format,
    description: c.description,
    priority: c.priority,
    cell: (o: KubeObject, now: number) => {
      const value = readJsonPath(o, c.jsonPath);
      if (c.type === 'date')
        return typeof value === 'string' ? humanAge(value, now) : '<unknown>';
      // The API server prints lists and objects as JSON, as kubectl's JSONPath does.
      if (value !== null && typeof value === 'object')
        return JSON.stringify(value);
      return value ?? '<none>';
    },
  }));
}

/** The resource types a CustomResourceDefinition serves, one per served version. */
export function typesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as Obj;
  const names = spec?.names ?? {};
  if (!spec?.group || !names.plural || !names.kind) return [];
  return ((spec.versions ?? []) as Obj[])
    .filter(v => v.served !== false)
    .map(v => ({
      group: spec.group,
      version: v.name,
      resource: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      namespaced: spec.scope !== 'Cluster',
      verbs: ALL_VERBS,
      shortNames: names.shortNames,
      categories: names.categories,
      subresources: {
        status: Boolean(v.subresources?.status),
        scale: v.subresources?.scale,
      },
      columns: printerColumns(v.additionalPrinterColumns),
      custom: {
        crdName: crd.metadata.name!,
        schema: v.schema?.openAPIV3Schema,
      },
    }));
}

/** CRD status once its names are accepted: what `kubectl wait --for=condition=Established` reads. */
export function establishedStatus(crd: KubeObject, now: string) {
  const spec = crd.spec as Obj;
  const previous = (crd.status as Obj) ?? {};
  const keep = (type: string) =>
    previous.conditions?.find(
      (c: Obj) => c.type === type && c.status === 'True',
    );
  return {
    conditions: [
      keep('NamesAccepted') ?? {
        type: 'NamesAccepted',
        status: 'True',
        lastTransitionTime: now,
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      keep('Established') ?? {
        type: 'Established',
        status: 'True',
        lastTransitionTime: now,
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    acceptedNames: {
      listKind: `${spec.names.kind}List`,
      singular: spec.names.kind.toLowerCase(),
      ...spec.names,
    },
    storedVersions: [
      ...new Set([
        ...(previous.storedVersions ?? []),
        ...((spec.versions ?? []) as Obj[])
          .filter(v => v.storage)
          .map(v => v.name),
      ]),
    ],
  };
}
