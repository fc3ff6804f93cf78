import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseClusterHealthStore } from '../store/DatabaseClusterHealthStore';
import { ConfigReader } from '@backstage/config';
import { SimulatedCluster } from '@miniplanes/kube-sim';
import { kubeConfigFor } from '../cluster/KubernetesClusterClient';
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

  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  function fleetService(
    options: {
      healthStore?: DatabaseClusterHealthStore;
      now?: () => Date;
      discoveryInterval?: string;
    } = {},
  ) {
    return FleetService.create({
      ...options,
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
          health: {
            failureThreshold: 2,
            timeoutMs: 2000,
            ...(options.discoveryInterval
              ? { discoveryInterval: options.discoveryInterval }
              : {}),
          },
          clusters: { 'sim-eu': { serviceAccountToken: cluster.adminToken } },
        },
      }),
      logger: mockServices.logger.mock(),
      suppliers: [],
    });
  }

  it('learns the kinds the cluster serves, CRDs included, at the discovery interval, and keeps them through an outage', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const fleet = fleetService({
      now: () => new Date(now),
      discoveryInterval: '10m',
    });
    const served = () =>
      fleet.getFleet().clusters.find(c => c.name === 'sim-eu')!.servedResources;
    await fleet.refresh();
    expect(served()).toEqual(
      expect.arrayContaining([
        'v1/ConfigMap',
        'apps/v1/Deployment',
        'apiextensions.k8s.io/v1/CustomResourceDefinition',
      ]),
    );
    expect(served()).not.toContain('example.com/v1/Widget');
    // Subresources (deployments/scale) are no kinds of their own.
    expect(served()).not.toContain('autoscaling/v1/Scale');
    expect(served()).not.toContain('apps/v1/Scale');

    const { KubernetesObjectApi } = await import('@kubernetes/client-node');
    const api = KubernetesObjectApi.makeApiClient(
      await kubeConfigFor({
        name: 'sim-eu',
        url: cluster.url,
        caData: cluster.caData,
        token: cluster.adminToken,
      }),
    );
    await api.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        ],
      },
    } as any);
    // Within the interval the last answer stands.
    now += 5 * 60_000;
    await fleet.refresh();
    expect(served()).not.toContain('example.com/v1/Widget');
    now += 5 * 60_000;
    await fleet.refresh();
    expect(served()).toContain('example.com/v1/Widget');

    // An unreachable cluster is not rediscovered: what it served stays known.
    cluster.setOutage('refuse');
    now += 20 * 60_000;
    await fleet.refresh();
    expect(served()).toContain('example.com/v1/Widget');
    cluster.setOutage(undefined);
    await api.delete({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
    });
  });

  it('turns a cluster unhealthy after the failure threshold, and healthy again when it answers', async () => {
    const fleet = fleetService();
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

  it('knows no cluster before reaching it, and keeps an outage across a restart', async () => {
    const database = mockServices.database({
      knex: await databases.init('SQLITE_3'),
    });
    const healthStore = await DatabaseClusterHealthStore.create({ database });
    const health = (f: FleetService) =>
      f.getFleet().clusters.find(c => c.name === 'sim-eu')!.health;

    cluster.setOutage('refuse');
    const first = fleetService({ healthStore });
    await first.refresh();
    // Never reached: unknown, which is not healthy.
    expect(health(first)).toMatchObject({ healthy: false, status: 'Unknown' });
    expect(health(first).message).toMatch(/^never reached: /);

    cluster.setOutage(undefined);
    await first.refresh();
    expect(health(first)).toEqual({ healthy: true, status: 'Healthy' });
    cluster.setOutage('refuse');
    await first.refresh();
    await first.refresh();
    const down = health(first);
    expect(down).toMatchObject({ healthy: false, status: 'Unhealthy' });

    // A restarted backend remembers the outage and since when, so the
    // failover grace period does not start over.
    const restarted = fleetService({ healthStore });
    await restarted.refresh();
    expect(health(restarted)).toMatchObject({
      healthy: false,
      status: 'Unhealthy',
      since: down.since,
    });
    cluster.setOutage(undefined);
  });

  it('counts what already runs there as allocated: requests of live pods others run, not miniplanes’ own', async () => {
    const { CoreV1Api, KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'sim', server: cluster.url, caData: cluster.caData }],
      users: [{ name: 'admin', token: cluster.adminToken }],
      contexts: [{ name: 'sim', cluster: 'sim', user: 'admin' }],
      currentContext: 'sim',
    });
    const core = kc.makeApiClient(CoreV1Api);
    const pod = (
      name: string,
      cpu: string,
      memory: string,
      labels: Record<string, string> = {},
    ) =>
      core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name, labels },
          spec: {
            containers: [
              {
                name: 'a',
                image: 'a:1',
                resources: { requests: { cpu, memory } },
              },
              {
                name: 'b',
                image: 'b:1',
                resources: { requests: { cpu: '250m' } },
              },
            ],
          },
        },
      });
    await pod('billing', '1500m', '4Gi');
    // miniplanes places its own workloads itself: not counted twice.
    await pod('ui-7f9c', '4', '8Gi', {
      'app.kubernetes.io/managed-by': 'miniplanes',
    });
    await pod('report', '3', '1Gi');
    await core.replaceNamespacedPodStatus({
      namespace: 'default',
      name: 'report',
      body: {
        ...(await core.readNamespacedPod({
          namespace: 'default',
          name: 'report',
        })),
        status: { phase: 'Succeeded' },
      },
    });

    const fleet = fleetService();
    await fleet.refresh();
    expect(fleet.getFleet().clusters[0].allocated).toEqual({
      cpu: 1.75,
      memory: 4 * 1024 ** 3,
      gpu: 0,
    });
  });
});
