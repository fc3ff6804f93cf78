import { Config } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { LocatedCluster } from './types';

/**
 * The clusters of Backstage's Kubernetes plugin config locator
 * (`kubernetes.clusterLocatorMethods[].type: config`), read from the same
 * configuration. Backstage keeps its locators private to the kubernetes
 * plugin, so miniplanes reads the shared config itself rather than reaching
 * into another plugin. Write credentials come from
 * `miniplanes.clusters.<name>.serviceAccountToken` when set, since the
 * Kubernetes plugin's own are meant to be read-only.
 */
export function configClusterLocator(config: Config): LocatedCluster[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const located: LocatedCluster[] = [];
  for (const method of methods) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const writeToken = config.getOptionalString(
        `miniplanes.clusters.${name}.serviceAccountToken`,
      );
      const caFile = cluster.getOptionalString('caFile');
      located.push({
        name,
        title: cluster.getOptionalString('title'),
        connection: {
          name,
          url: cluster.getString('url'),
          token: writeToken ?? cluster.getOptionalString('serviceAccountToken'),
          caData:
            cluster.getOptionalString('caData') ??
            (caFile
              ? Buffer.from(readFileSync(caFile)).toString('base64')
              : undefined),
          skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        },
      });
    }
  }
  return located;
}
