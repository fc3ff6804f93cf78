import { OperationManifest } from '@miniplanes/plugin-miniplanes-common';

/**
 * The minimal shape of any Kubernetes object miniplanes handles: a manifest
 * as the common package renders it, whose metadata may carry more (uid,
 * resourceVersion, generation...) once read from a cluster.
 */
export interface KubeObject extends OperationManifest {
  metadata: OperationManifest['metadata'] & { [key: string]: unknown };
}

/** The API group of an apiVersion: "" for the core group. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * A stable identity for an object in one cluster. The group, not the full
 * apiVersion, is part of it: a version bump of the same kind is the same object.
 */
export function objectKey(object: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  const { namespace = '', name } = object.metadata;
  return `${apiGroup(object.apiVersion)}/${object.kind}/${namespace}/${name}`;
}

/** A short human description, e.g. `StatefulSet miniplanes/mongodb`. */
export function describeObject(object: {
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}
