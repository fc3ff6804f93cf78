import { makesStorageClaims } from '@miniplanes/plugin-miniplanes-common';
import { describeObject, KubeObject } from '../cluster/objectIdentity';

type Spec = { volumeClaimTemplates?: { metadata?: { name?: string } }[] };

/**
 * What deleting a StatefulSet leaves in the cluster, said for its history,
 * or undefined: the claims its controller made from its volumeClaimTemplates
 * (`<template>-<statefulset>-<ordinal>`). miniplanes never applied them, so
 * it does not delete them, not even by a release; their storage stays
 * until someone deletes them in the cluster.
 */
export function claimsLeftBehind(
  deleted: KubeObject,
  cluster: string,
): string | undefined {
  if (!makesStorageClaims(deleted)) return undefined;
  const { name, namespace } = deleted.metadata;
  const patterns = ((deleted.spec as Spec).volumeClaimTemplates ?? []).map(
    t => `${t.metadata?.name}-${name}-<ordinal>`,
  );
  return `the claims ${describeObject(deleted)} made (${patterns.join(', ')}${
    namespace ? ` in namespace ${namespace}` : ''
  }) are not deleted: miniplanes did not apply them. Delete them in ${cluster} to free their storage`;
}
