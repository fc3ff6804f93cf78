import { claimNamePatterns } from '../cluster/statefulSetClaims';
import { describeObject, KubeObject } from '../cluster/objectIdentity';

/**
 * What deleting a StatefulSet leaves in the cluster, said for its history,
 * or undefined: the claims its controller made from its volumeClaimTemplates.
 * miniplanes never applied them, so it does not delete them, not even by a
 * release; their storage stays until someone deletes them in the cluster.
 */
export function claimsLeftBehind(
  deleted: KubeObject,
  cluster: string,
): string | undefined {
  const patterns = claimNamePatterns(deleted);
  if (patterns.length === 0) return undefined;
  const { namespace } = deleted.metadata;
  return `the claims ${describeObject(deleted)} made (${patterns.join(', ')}${
    namespace ? ` in namespace ${namespace}` : ''
  }) are not deleted: miniplanes did not apply them. Delete them in ${cluster} to free their storage`;
}
