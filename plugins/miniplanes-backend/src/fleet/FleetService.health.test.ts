import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SimulatedCluster } from '@miniplanes/kube-sim';
import { FleetService } from './FleetService';

/** Health as miniplanes sees a real (simulated) cluster go down and come back. */
describe('FleetService health against a simulated cluster', () => {
  let cluster: SimulatedCluster;

  beforeAll(async () => {
    cluster = await SimulatedCluster.start({
      name: 'sim-eu',
      nodes: { count: 2, cpu: '8', memory: '32Gi', region: 'eu-west-1' },
    });
  });

  afterAll(() => cluster.stop());

  it('turns a cluster unhealthy after the failure threshold, and healthy again when it answers', async () => {
    const fleet = FleetService.create({
      config: new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'sim-eu',
                  url: cluster.url,
                  caData: cluster.caData,
                  serviceAccountToken: cluster.readOnlyToken,
                },
              ],
            },
          ],
        },
        miniplanes: {
          health: { failureThreshold: 2, timeoutMs: 2000 },
          clusters: { 'sim-eu': { serviceAccountToken: cluster.adminToken } },
        },
      }),
      logger: mockServices.logger.mock(),
      suppliers: [],
    });
    const health = () =>
      fleet.getFleet().clusters.find(c => c.name === 'sim-eu')!.health;

    await fleet.refresh();
    expect(health().healthy).toBe(true);
    // Live nodes give capacity and topology.
    expect(fleet.getFleet().clusters[0]).toMatchObject({
      capacity: { cpu: 16 },
      labels: { region: 'eu-west-1' },
    });

    cluster.setOutage('refuse');
    await fleet.refresh();
    expect(health().healthy).toBe(true); // one failure is under the threshold
    await fleet.refresh();
    expect(health().healthy).toBe(false);
    expect(JSON.stringify(fleet.getFleet())).not.toContain(cluster.adminToken);

    cluster.setOutage(undefined);
    await fleet.refresh();
    expect(health().healthy).toBe(true);
  });
});
