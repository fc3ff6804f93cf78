import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogClusterEntity } from '../__testUtils__/catalogClusterEntity';
import { CatalogClusterLocator } from './catalogClusterLocator';

const SECRET = 'catalog-cluster-write-token-42';

function clusterEntity(
  name: string,
  annotations: Record<string, string> = {},
  labels?: Record<string, string>,
): Entity {
  return catalogClusterEntity({
    name,
    title: `Cluster ${name}`,
    labels,
    apiServer: `https://${name}.example.com`,
    annotations,
  });
}

function locator(options: {
  entities?: Entity[];
  catalog?: ReturnType<typeof catalogServiceMock.mock>;
  method?: JsonObject;
  miniplanes?: JsonObject;
}) {
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [{ type: 'catalog', ...options.method }],
    },
    miniplanes: options.miniplanes ?? {},
  });
  return {
    logger,
    locator: CatalogClusterLocator.fromConfig({
      config,
      catalog:
        options.catalog ?? catalogServiceMock({ entities: options.entities }),
      auth: mockServices.auth(),
      logger,
    }),
  };
}

describe('CatalogClusterLocator', () => {
  it('finds kubernetes-cluster Resources with the Kubernetes annotations, profile from labels and miniplanes.io/capabilities', async () => {
    const { locator: l } = locator({
      entities: [
        clusterEntity(
          'eu-cat',
          { 'miniplanes.io/capabilities': 'gpu, spot,' },
          { jurisdiction: 'FR', provider: 'ovh' },
        ),
        { ...clusterEntity('not-a-cluster'), spec: { type: 'database' } },
        { ...clusterEntity('a-component'), kind: 'Component' },
        {
          ...clusterEntity('no-ca'),
          metadata: {
            name: 'no-ca',
            annotations: {
              'kubernetes.io/api-server': 'https://no-ca.example.com',
              'kubernetes.io/auth-provider': 'oidc',
            },
          },
        },
      ],
      miniplanes: {
        clusters: {
          'eu-cat': {
            serviceAccountToken: SECRET,
            url: 'https://eu-cat.example.com',
          },
        },
      },
    });

    expect(await l.getClusters()).toEqual([
      {
        name: 'eu-cat',
        title: 'Cluster eu-cat',
        connection: {
          name: 'eu-cat',
          url: 'https://eu-cat.example.com',
          token: SECRET,
          caData: 'Q0EtZGF0YQ==',
          skipTLSVerify: false,
        },
        source: 'catalog entity resource:default/eu-cat',
        // Whoever may edit the entity must not decide whose data it holds.
        profile: {
          labels: { provider: 'ovh' },
          capabilities: ['gpu', 'spot'],
        },
        ignoredLabels: [
          {
            label: 'jurisdiction',
            value: 'FR',
            reason:
              'the catalog entity comes from an unknown location, which miniplanes.catalog.trustedLocations does not list',
          },
        ],
      },
    ]);
  });

  it('takes the jurisdiction only from entities registered from a trusted location', async () => {
    const from = (origin: string) => ({
      'backstage.io/managed-by-origin-location': origin,
    });
    const { locator: l } = locator({
      entities: [
        clusterEntity(
          'eu-trusted',
          from(
            'url:https://git.example.com/platform/clusters/blob/main/eu.yaml',
          ),
          { jurisdiction: 'FR' },
        ),
        clusterEntity('eu-exact', from('file:/etc/backstage/clusters.yaml'), {
          jurisdiction: 'DE',
        }),
        // A look-alike prefix is not the trusted folder.
        clusterEntity(
          'us-lookalike',
          from('url:https://git.example.com/platform/clusters-fork/us.yaml'),
          { jurisdiction: 'US', region: 'us-east-1' },
        ),
      ],
      miniplanes: {
        catalog: {
          trustedLocations: [
            'url:https://git.example.com/platform/clusters/*',
            'file:/etc/backstage/clusters.yaml',
          ],
        },
      },
    });

    const found = await l.getClusters();
    expect(
      Object.fromEntries(found.map(c => [c.name, c.profile?.labels])),
    ).toEqual({
      'eu-trusted': { jurisdiction: 'FR' },
      'eu-exact': { jurisdiction: 'DE' },
      'us-lookalike': { region: 'us-east-1' },
    });
    expect(found.find(c => c.name === 'us-lookalike')?.ignoredLabels).toEqual([
      {
        label: 'jurisdiction',
        value: 'US',
        reason:
          'the catalog entity comes from url:https://git.example.com/platform/clusters-fork/us.yaml, which miniplanes.catalog.trustedLocations does not list',
      },
    ]);
    expect(found.find(c => c.name === 'eu-trusted')?.ignoredLabels).toBe(
      undefined,
    );
  });

  it('connects only with a miniplanes write token, never a token from the catalog', async () => {
    const { locator: l } = locator({
      entities: [
        clusterEntity('tokenless', { serviceAccountToken: 'from-catalog' }),
      ],
    });

    const [cluster] = await l.getClusters();
    expect(cluster.connection).toBeUndefined();
    expect(JSON.stringify(cluster)).not.toContain('from-catalog');
  });

  it('sends the write token only to the API server pinned in config', async () => {
    const { locator: l } = locator({
      entities: [clusterEntity('redirected')],
      miniplanes: {
        clusters: {
          redirected: {
            serviceAccountToken: SECRET,
            url: 'https://the-real-cluster.example.com',
          },
        },
      },
    });
    const unpinned = locator({
      entities: [clusterEntity('unpinned')],
      miniplanes: { clusters: { unpinned: { serviceAccountToken: SECRET } } },
    }).locator;

    expect((await l.getClusters())[0].connection).toBeUndefined();
    expect((await unpinned.getClusters())[0].connection).toBeUndefined();
  });

  it('skips TLS verification only when the locator dangerously allows it', async () => {
    const entities = [
      clusterEntity('insecure', { 'kubernetes.io/skip-tls-verify': 'true' }),
    ];
    const miniplanes = {
      clusters: {
        insecure: {
          serviceAccountToken: SECRET,
          url: 'https://insecure.example.com',
        },
      },
    };
    const strict = locator({ entities, miniplanes }).locator;
    const lenient = locator({
      entities,
      miniplanes,
      method: { dangerouslyAllowSkipTLSVerify: true },
    }).locator;

    expect((await strict.getClusters())[0].connection?.skipTLSVerify).toBe(
      false,
    );
    expect((await lenient.getClusters())[0].connection?.skipTLSVerify).toBe(
      true,
    );
  });

  it('ignores, with a warning, serviceAccount clusters and unsafe URLs unless allowed', async () => {
    const entities = [
      clusterEntity('sa', { 'kubernetes.io/auth-provider': 'serviceAccount' }),
      clusterEntity('plain', {
        'kubernetes.io/api-server': 'http://plain.internal:6443',
      }),
      clusterEntity('userinfo', {
        'kubernetes.io/api-server': 'https://me:pw@userinfo.example.com',
      }),
    ];
    const { locator: l, logger } = locator({ entities });

    expect(await l.getClusters()).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Ignoring kubernetes-cluster Resource "sa": the catalog cluster locator does not support the serviceAccount auth provider',
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('"plain": API server URL must use HTTPS'),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        '"userinfo": API server URL must not contain credentials',
      ),
    );

    const allowed = locator({
      entities,
      method: { dangerouslyAllowClusterUrls: ['*.internal'] },
    }).locator;
    expect((await allowed.getClusters()).map(c => c.name)).toEqual(['plain']);
  });

  it('finds nothing, without asking the catalog, when no catalog method is configured', async () => {
    const catalog = catalogServiceMock.mock();
    const l = CatalogClusterLocator.fromConfig({
      config: new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [] }],
        },
      }),
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });

    expect(await l.getClusters()).toEqual([]);
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });

  it("asks the catalog with the plugin's own service credentials", async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: async () => ({ items: [] }),
    });
    const { locator: l } = locator({ catalog });

    await l.getClusters();
    expect(catalog.getEntities).toHaveBeenCalledWith(expect.anything(), {
      credentials: expect.objectContaining({
        principal: expect.objectContaining({ type: 'service' }),
      }),
    });
  });

  it('keeps the clusters it found before when the catalog cannot be read', async () => {
    const getEntities = jest
      .fn()
      .mockResolvedValueOnce({ items: [clusterEntity('kept')] })
      .mockRejectedValueOnce(new Error('catalog is starting'));
    const { locator: l, logger } = locator({
      catalog: catalogServiceMock.mock({ getEntities }),
    });

    await l.getClusters();
    expect((await l.getClusters()).map(c => c.name)).toEqual(['kept']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog is starting'),
    );
  });
});
