import { KubeObject, Verb } from '../kube/types';

/** How `/scale` maps onto an object (built-ins and CRDs with a scale subresource). */
export type ScaleSubresource = {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
};

/** One column of `kubectl get`'s Table output. */
export type TableColumn = {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  priority?: number;
  cell: (object: KubeObject, now: number) => unknown;
};

/** Everything the API server knows about one served resource. */
export type ResourceType = {
  group: string;
  version: string;
  /** Plural, lower case: the path segment. */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: Verb[];
  shortNames?: string[];
  categories?: string[];
  subresources: { status?: boolean; scale?: ScaleSubresource };
  /** Fields accepted in `fieldSelector` beyond metadata.name/namespace. */
  fieldSelectors?: Record<string, (object: KubeObject) => string | undefined>;
  /** Table columns after NAME (AGE is appended unless listed). */
  columns?: TableColumn[];
  /** Set for resources defined by a CustomResourceDefinition. */
  custom?: {
    crdName: string;
    schema?: unknown;
    /** Whether spec changes count (CRDs count everything but metadata/status). */
  };
  /** Read-only aggregated APIs (metrics) are computed, never stored. */
  virtual?: boolean;
};

export const ALL_VERBS: Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export function groupVersion(type: { group: string; version: string }) {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `deployments.apps`, `pods`: the form error messages use. */
export function qualifiedResource(type: { group: string; resource: string }) {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

/** Where the store keeps a resource's objects: `group/resource` (`/pods` for the core group). */
export function storageKeyOf(type: { group: string; resource: string }) {
  return `${type.group}/${type.resource}`;
}
