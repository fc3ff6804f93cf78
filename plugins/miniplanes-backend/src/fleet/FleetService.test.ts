import {
  createMockDirectory,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogClusterLocator } from './catalogClusterLocator';
import {
  evaluatePlacement,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { DatabaseSovereigntyStore } from '../store/DatabaseSovereigntyStore';
import { SovereigntyStore } from '../store/SovereigntyStore';
import { catalogClusterEntity } from '../__testUtils__/catalogClusterEntity';
import { FleetService } from './FleetService';
import { usDataService } from '../__testUtils__/storeDatabases';

const SECRET = 'catalog-cluster-write-token-42';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

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
  originLocation = 'url:https://git.example.com/anyone/clusters.yaml',
): Entity {
  return catalogClusterEntity({
    name,
    labels,
    // Refuses connections at once, so the probe fails fast.
    apiServer: 'https://127.0.0.1:1',
    annotations: {
      'backstage.io/managed-by-origin-location': originLocation,
      ...(capabilities ? { 'miniplanes.io/capabilities': capabilities } : {}),
    },
  });
}

describe('FleetService with catalog clusters', () => {
  const dir = createMockDirectory({ content: { 'fleet.yaml': fleetFile } });

  async function fleetOf(
    miniplanesClusters: JsonObject,
    options: {
      trustedLocations?: string[];
      sovereigntyStore?: SovereigntyStore;
      entities?: () => Entity[];
    } = {},
  ) {
    const config = new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      miniplanes: {
        fleet: { file: dir.resolve('fleet.yaml') },
        health: { failureThreshold: 1, timeoutMs: 2000 },
        clusters: miniplanesClusters,
        catalog: { trustedLocations: options.trustedLocations ?? [] },
      },
    });
    const logger = mockServices.logger.mock();
    const entities =
      options.entities ??
      (() => [
        clusterEntity('eu-cat', { jurisdiction: 'FR', provider: 'ovh' }, 'gpu'),
        clusterEntity('us-cat', { jurisdiction: 'US' }, 'gpu,spot'),
      ]);
    // The catalog as it is at each refresh.
    const catalog = {
      getEntities: async () => ({ items: entities() }),
    } as unknown as ReturnType<typeof catalogServiceMock>;
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
      sovereigntyStore: options.sovereigntyStore,
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
        // The catalog's FR is not trusted: the fleet file's IE stands.
        jurisdiction: 'IE',
        provider: 'ovh',
        region: 'eu-west-1',
        tier: 'gold',
      },
      capabilities: ['gpu'],
      taints: [{ key: 'spot', value: 'true', effect: 'NoSchedule' }],
    });
    expect(us).toMatchObject({
      name: 'us-cat',
      labels: {},
      capabilities: ['ssd'],
      taints: [],
    });
    expect(us.labels.jurisdiction).toBeUndefined();
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

  it('never lets a catalog entity from an untrusted location pull data out of its jurisdiction', async () => {
    // Someone who may edit eu-cat's entity relabels it as American.
    const fleet = await fleetOf(
      {},
      {
        entities: () => [
          clusterEntity('eu-cat', { jurisdiction: 'US' }, 'storage'),
        ],
      },
    );
    const parsed = parseFederatedService(
      usDataService('bookings', {
        mode: 'Divided',
        object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'ledger' },
      }),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const decision = evaluatePlacement({
      service: parsed.value,
      fleet: fleet.getFleet(),
    });
    const eu = decision.clusters.find(c => c.name === 'eu-cat');
    expect(eu?.selected).toBe(false);
    expect(JSON.stringify(eu?.reasons)).toContain('IE');
    expect(fleet.labelSources('eu-cat')).toEqual({
      jurisdiction: 'fleet file',
    });
    expect(fleet.ignoredLabels('eu-cat')).toEqual([
      expect.objectContaining({ label: 'jurisdiction', value: 'US' }),
    ]);
  });

  it('records and announces a change of a trusted jurisdiction, once', async () => {
    const trusted = 'url:https://git.example.com/platform/clusters/eu.yaml';
    let jurisdiction = 'FR';
    const sovereigntyStore = await DatabaseSovereigntyStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
        migrations: { skip: false },
      }),
    });
    const fleet = await fleetOf(
      {},
      {
        trustedLocations: ['url:https://git.example.com/platform/clusters/*'],
        sovereigntyStore,
        entities: () => [
          clusterEntity('eu-cat', { jurisdiction }, undefined, trusted),
        ],
      },
    );
    expect(fleet.getFleet().clusters[0].labels.jurisdiction).toBe('FR');
    const announced: string[] = [];
    fleet.onSovereigntyChange(c =>
      announced.push(`${c.cluster} ${c.from}>${c.to} (${c.source})`),
    );

    jurisdiction = 'DE';
    await fleet.refresh();
    await fleet.refresh();

    expect(announced).toEqual([
      'eu-cat FR>DE (catalog entity resource:default/eu-cat)',
    ]);
    expect(
      (await sovereigntyStore.listChanges()).map(c => `${c.from}>${c.to}`),
    ).toEqual(['FR>DE', 'undefined>FR']);
  });
});
