import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogClusterLocator } from './catalogClusterLocator';
import { FleetService } from './FleetService';

const SECRET = 'catalog-cluster-write-token-42';

const fleetFile = `
clusters:
  - name: eu-cat
    labels: { jurisdiction: IE, region: eu-west-1, tier: bronze }
    capabilities: [storage]
    taints: ['spot=true:NoSchedule']
    nodes: { count: 1, cpu: '4', memory: 16Gi }
`;

function clusterEntity(
  name: string,
  labels: Record<string, string>,
  capabilities?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      labels,
      annotations: {
        // Refuses connections at once, so the probe fails fast.
        'kubernetes.io/api-server': 'https://127.0.0.1:1',
        'kubernetes.io/api-server-certificate-authority': 'Q0EtZGF0YQ==',
        'kubernetes.io/auth-provider': 'oidc',
        ...(capabilities ? { 'miniplanes.io/capabilities': capabilities } : {}),
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'platform-team' },
  };
}

describe('FleetService with catalog clusters', () => {
  const dir = createMockDirectory({ content: { 'fleet.yaml': fleetFile } });

  async function fleetOf(miniplanesClusters: JsonObject) {
    const config = new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      miniplanes: {
        fleet: { file: dir.resolve('fleet.yaml') },
        health: { failureThreshold: 1, timeoutMs: 2000 },
        clusters: miniplanesClusters,
      },
    });
    const logger = mockServices.logger.mock();
    const catalog = catalogServiceMock({
      entities: [
        clusterEntity('eu-cat', { jurisdiction: 'FR', provider: 'ovh' }, 'gpu'),
        clusterEntity('us-cat', { jurisdiction: 'US' }, 'gpu,spot'),
      ],
    });
    const fleet = FleetService.create({
      config,
      logger,
      suppliers: [
        CatalogClusterLocator.fromConfig({
          config,
          catalog,
          auth: mockServices.auth(),
          logger,
        }),
      ],
    });
    await fleet.refresh();
    return fleet;
  }

  it('merges profiles: fleet file, then catalog, then miniplanes.clusters.<name>', async () => {
    const fleet = await fleetOf({
      'eu-cat': { labels: { tier: 'gold' } },
      'us-cat': { capabilities: ['ssd'] },
    });

    const [eu, us] = fleet.getFleet().clusters;
    expect(eu).toMatchObject({
      name: 'eu-cat',
      labels: {
        jurisdiction: 'FR',
        provider: 'ovh',
        region: 'eu-west-1',
        tier: 'gold',
      },
      capabilities: ['gpu'],
      taints: [{ key: 'spot', value: 'true', effect: 'NoSchedule' }],
    });
    expect(us).toMatchObject({
      name: 'us-cat',
      labels: { jurisdiction: 'US' },
      capabilities: ['ssd'],
      taints: [],
    });
    expect(fleet.connectedClusters()).toEqual([]);
  });

  it('connects with the miniplanes write token and never shows it', async () => {
    const fleet = await fleetOf({
      'eu-cat': { serviceAccountToken: SECRET, url: 'https://127.0.0.1:1' },
    });

    expect(fleet.connectedClusters()).toEqual(['eu-cat']);
    expect(fleet.connection('eu-cat')?.token).toBe(SECRET);
    const eu = fleet.getFleet().clusters.find(c => c.name === 'eu-cat');
    // The failed probe's message is shown, the credentials are not.
    expect(eu?.health).toMatchObject({ healthy: false });
    expect(JSON.stringify(fleet.getFleet())).not.toContain(SECRET);
    expect(JSON.stringify(fleet.getFleet())).not.toContain('Q0EtZGF0YQ==');
  });
});
