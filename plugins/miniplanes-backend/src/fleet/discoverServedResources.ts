import { ClusterConnection } from '../cluster/ClusterClient';
import { toClusterCallError, withTimeout } from '../cluster/clusterErrors';
import {
  kubeConfigFor,
  loadClientNode,
} from '../cluster/KubernetesClusterClient';

/** What a cluster's discovery said, by API group version (`v1`, `apps/v1`). */
export interface DiscoveredResources {
  /** The kinds each group version serves, as placement's `resourceId`s (`apps/v1/Deployment`). */
  byGroupVersion: Map<string, string[]>;
  /** Group versions the cluster lists but could not describe (an aggregated API down). */
  failed: string[];
}

/**
 * Asks a cluster which kinds it serves: the core group, then every version
 * of every group it lists (the CRDs installed included). A group version
 * that fails is reported, not fatal, as a broken aggregated API (a
 * metrics server down) fails alone in a real cluster; the group list
 * failing throws a ClusterCallError.
 */
export async function discoverServedResources(
  connection: ClusterConnection,
  timeoutMs: number,
): Promise<DiscoveredResources> {
  const { ApisApi, CoreV1Api, CustomObjectsApi } = await loadClientNode();
  const kc = await kubeConfigFor(connection);
  const call = <T>(what: string, run: Promise<T>) =>
    withTimeout(run, timeoutMs, connection.name, what);
  const kindsOf = (
    groupVersion: string,
    resources: { name: string; kind: string }[],
  ) =>
    resources
      // `deployments/scale` and the like are subresources, not kinds.
      .filter(r => !r.name.includes('/'))
      .map(r => `${groupVersion}/${r.kind}`);
  try {
    const byGroupVersion = new Map<string, string[]>();
    const failed: string[] = [];
    const core = await call(
      'discovery of v1',
      kc.makeApiClient(CoreV1Api).getAPIResources(),
    );
    byGroupVersion.set('v1', kindsOf('v1', core.resources));
    const groups = await call(
      'discovery of API groups',
      kc.makeApiClient(ApisApi).getAPIVersions(),
    );
    const custom = kc.makeApiClient(CustomObjectsApi);
    await Promise.all(
      groups.groups.flatMap(group =>
        group.versions.map(async ({ groupVersion, version }) => {
          try {
            const list = await call(
              `discovery of ${groupVersion}`,
              custom.getAPIResources({ group: group.name, version }),
            );
            byGroupVersion.set(
              groupVersion,
              kindsOf(groupVersion, list.resources),
            );
          } catch {
            failed.push(groupVersion);
          }
        }),
      ),
    );
    return { byGroupVersion, failed: failed.sort() };
  } catch (error) {
    throw toClusterCallError(connection.name, 'discovery', error);
  }
}

/**
 * What a cluster serves after a discovery, given what was known before: the
 * group versions that failed keep their last answer. When one of them has
 * none, nothing new is known for sure and the last answer stays whole (none
 * at first): a kind missing by mistake would take services off the cluster,
 * while an unknown answer filters nothing.
 */
export function servedAfterDiscovery(
  previous: Map<string, string[]> | undefined,
  discovered: DiscoveredResources,
): Map<string, string[]> | undefined {
  if (discovered.failed.some(gv => !previous?.has(gv))) return previous;
  const served = new Map(discovered.byGroupVersion);
  for (const gv of discovered.failed) served.set(gv, previous!.get(gv)!);
  return served;
}
