import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import { isTrustedEntity, withoutSovereigntyLabels } from './sovereigntyLabels';
import { LocatedCluster } from './types';
import { validateClusterUrl } from './validateClusterUrl';

/** Comma-separated capabilities of a catalog cluster, e.g. `gpu,spot`. */
export const ANNOTATION_MINIPLANES_CAPABILITIES = 'miniplanes.io/capabilities';

/** The catalog cluster locator's options, as Backstage's reads them. */
export interface CatalogLocatorOptions {
  dangerouslyAllowClusterUrls: string[];
  dangerouslyAllowSkipTLSVerify: boolean;
  /** `miniplanes.catalog.trustedLocations`: whose sovereignty labels count. */
  trustedLocations: string[];
}

/**
 * A `kubernetes-cluster` Resource entity as a cluster: where it is from the
 * `kubernetes.io/*` annotations, its profile from its labels and
 * `miniplanes.io/capabilities` (its sovereignty labels only when it comes
 * from a trusted location), and write credentials only from
 * `miniplanes.clusters.<name>.serviceAccountToken` (the catalog never holds
 * secrets), and only when `miniplanes.clusters.<name>.url` pins the same API
 * server. Without both the cluster is listed but not connected.
 * Throws an Error saying why when the entity cannot be used.
 */
export function clusterFromEntity(
  entity: Entity,
  config: Config,
  options: CatalogLocatorOptions,
): LocatedCluster {
  const name = entity.metadata.name;
  const annotations = entity.metadata.annotations ?? {};
  // Backstage's Kubernetes plugin ignores these too, so both fleets match.
  if (annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER] === 'serviceAccount')
    throw new Error(
      'the catalog cluster locator does not support the serviceAccount auth provider',
    );
  const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
  validateClusterUrl(url, options.dangerouslyAllowClusterUrls);
  // The write token goes only to the API server the operator pinned in
  // config: a catalog entity must not be able to redirect it elsewhere.
  const pinnedUrl = config.getOptionalString(`miniplanes.clusters.${name}.url`);
  const token =
    pinnedUrl !== undefined && sameServer(pinnedUrl, url)
      ? config.getOptionalString(
          `miniplanes.clusters.${name}.serviceAccountToken`,
        )
      : undefined;
  const capabilities = annotations[ANNOTATION_MINIPLANES_CAPABILITIES];
  // Whoever may edit the entity must not decide whose data the cluster holds.
  const { labels, ignored } = isTrustedEntity(entity, options.trustedLocations)
    ? { labels: { ...entity.metadata.labels }, ignored: [] }
    : withoutSovereigntyLabels({ ...entity.metadata.labels }, entity);
  return {
    name,
    title: entity.metadata.title,
    source: `catalog entity ${stringifyEntityRef(entity)}`,
    ...(ignored.length ? { ignoredLabels: ignored } : {}),
    connection: token
      ? {
          name,
          url,
          token,
          caData: annotations[ANNOTATION_KUBERNETES_API_SERVER_CA],
          skipTLSVerify:
            options.dangerouslyAllowSkipTLSVerify &&
            annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
        }
      : undefined,
    profile: {
      labels,
      capabilities:
        capabilities === undefined
          ? undefined
          : capabilities
              .split(',')
              .map(c => c.trim())
              .filter(Boolean),
    },
  };
}

function sameServer(a: string, b: string) {
  const normalize = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
  return normalize(a) === normalize(b);
}
