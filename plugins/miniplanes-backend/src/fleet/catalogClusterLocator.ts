import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import { CatalogLocatorOptions, clusterFromEntity } from './clusterFromEntity';
import { LocatedCluster, MiniplanesClusterSupplier } from './types';

/**
 * The clusters of Backstage's Kubernetes plugin catalog locator
 * (`kubernetes.clusterLocatorMethods[].type: catalog`): `Resource` entities
 * of type `kubernetes-cluster` with the same annotations and filter. Finds
 * nothing when no such method is configured. When the catalog cannot be
 * read (it may start after miniplanes), the clusters it last found are kept
 * so that they do not drop out of the fleet.
 */
export class CatalogClusterLocator implements MiniplanesClusterSupplier {
  private lastFound: LocatedCluster[] = [];

  private constructor(
    private readonly config: Config,
    private readonly options: CatalogLocatorOptions | undefined,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  static fromConfig(options: {
    config: Config;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  }): CatalogClusterLocator {
    const { config } = options;
    const method = (
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
    ).find(m => m.getString('type') === 'catalog');
    return new CatalogClusterLocator(
      config,
      method && {
        dangerouslyAllowClusterUrls:
          method.getOptionalStringArray('dangerouslyAllowClusterUrls') ?? [],
        dangerouslyAllowSkipTLSVerify:
          method.getOptionalBoolean('dangerouslyAllowSkipTLSVerify') ?? false,
        trustedLocations:
          config.getOptionalStringArray(
            'miniplanes.catalog.trustedLocations',
          ) ?? [],
      },
      options.catalog,
      options.auth,
      options.logger,
    );
  }

  async getClusters(): Promise<LocatedCluster[]> {
    if (!this.options) return [];
    let entities;
    try {
      entities = await this.catalog.getEntities(
        {
          filter: [
            {
              kind: 'Resource',
              'spec.type': 'kubernetes-cluster',
              [`metadata.annotations.${ANNOTATION_KUBERNETES_API_SERVER}`]:
                CATALOG_FILTER_EXISTS,
              [`metadata.annotations.${ANNOTATION_KUBERNETES_API_SERVER_CA}`]:
                CATALOG_FILTER_EXISTS,
              [`metadata.annotations.${ANNOTATION_KUBERNETES_AUTH_PROVIDER}`]:
                CATALOG_FILTER_EXISTS,
            },
          ],
        },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
    } catch (error) {
      this.logger.warn(
        `Could not read kubernetes-cluster Resources from the catalog, keeping the ${
          this.lastFound.length
        } clusters found before: ${(error as Error).message}`,
      );
      return this.lastFound;
    }
    const found: LocatedCluster[] = [];
    for (const entity of entities.items) {
      try {
        found.push(clusterFromEntity(entity, this.config, this.options));
      } catch (error) {
        this.logger.warn(
          `Ignoring kubernetes-cluster Resource "${entity.metadata.name}": ${
            (error as Error).message
          }`,
        );
      }
    }
    this.lastFound = found;
    return found;
  }
}
