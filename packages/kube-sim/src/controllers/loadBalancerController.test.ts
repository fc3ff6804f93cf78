import { SimulatedFleet, startFleetFromText } from '../fleet';
import { objectApi, ObjectApi } from '../__testUtils__/clientNode';
import { waitFor } from '../__testUtils__/waitFor';
import { loadBalancerPrefix } from './loadBalancerController';

jest.setTimeout(60_000);

const FLEET = `
clusters:
  - name: first
  - name: second
`;

const service = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'LoadBalancer',
    selector: { app: name },
    ports: [{ port: 8080 }],
    ...spec,
  },
});

describe('LoadBalancer Services', () => {
  let fleet: SimulatedFleet;
  let first: ObjectApi;
  let second: ObjectApi;
  const ingress = async (
    k: ObjectApi,
    name: string,
  ): Promise<string | undefined> =>
    (await k.read('v1', 'Service', 'default', name))?.status?.loadBalancer
      ?.ingress?.[0]?.ip;

  beforeAll(async () => {
    // No operators: every cluster has a load balancer.
    fleet = await startFleetFromText(FLEET);
    first = await objectApi(fleet.cluster('first'));
    second = await objectApi(fleet.cluster('second'));
  });

  afterAll(() => fleet?.stop());

  it('get an address from their cluster’s range, the same one when recreated', async () => {
    await first.api.create(service('storage'));
    await second.api.create(service('storage'));
    await waitFor(async () => Boolean(await ingress(first, 'storage')));
    await waitFor(async () => Boolean(await ingress(second, 'storage')));
    const a = (await ingress(first, 'storage'))!;
    const b = (await ingress(second, 'storage'))!;
    expect(a).toMatch(/^172\.16\.0\.\d+$/);
    expect(b).toMatch(/^172\.16\.1\.\d+$/);
    // Drawn from the Service's identity: the same host number in every cluster.
    expect(a.split('.')[3]).toBe(b.split('.')[3]);
    const read = await first.read('v1', 'Service', 'default', 'storage');
    expect(read.status.loadBalancer.ingress).toEqual([
      { ip: a, ipMode: 'VIP' },
    ]);

    await first.api.delete(service('storage'));
    await first.api.create(service('storage'));

    await waitFor(async () => (await ingress(first, 'storage')) === a);
  });

  it('never share an address, keep the one asked for, and lose it with their type', async () => {
    await first.api.create(service('api'));
    await first.api.create(
      service('pinned', { loadBalancerIP: '172.16.0.200' }),
    );
    await first.api.create(service('internal', { type: 'ClusterIP' }));
    await waitFor(async () => Boolean(await ingress(first, 'api')));
    await waitFor(
      async () => (await ingress(first, 'pinned')) === '172.16.0.200',
    );
    expect(await ingress(first, 'api')).not.toBe(
      await ingress(first, 'storage'),
    );
    expect(await ingress(first, 'internal')).toBeUndefined();

    await first.api.patch(
      service('api', { type: 'ClusterIP' }),
      undefined,
      undefined,
      undefined,
      undefined,
      first.client.PatchStrategy.MergePatch,
    );

    await waitFor(async () => (await ingress(first, 'api')) === undefined);
  });

  it('stay pending with a warning Event once the cluster’s 254 addresses are taken', async () => {
    const k = second;
    for (let i = 0; i < 253; i++) await k.api.create(service(`svc-${i}`));
    await waitFor(
      async () =>
        (
          await k.list('v1', 'Service', 'default')
        ).every(
          s => s.spec.type !== 'LoadBalancer' || s.status.loadBalancer.ingress,
        ),
      20_000,
    );

    await k.api.create(service('one-too-many'));

    await waitFor(async () =>
      (
        await k.list('v1', 'Event', 'default')
      ).some(
        e =>
          e.involvedObject.name === 'one-too-many' &&
          e.reason === 'SyncLoadBalancerFailed',
      ),
    );
    expect(await ingress(k, 'one-too-many')).toBeUndefined();
  });

  it('come from 172.16.0.0/12, one /24 per cluster of the fleet', () => {
    expect(loadBalancerPrefix(0)).toBe('172.16.0');
    expect(loadBalancerPrefix(255)).toBe('172.16.255');
    expect(loadBalancerPrefix(256)).toBe('172.17.0');
    expect(loadBalancerPrefix(4095)).toBe('172.31.255');
  });
});
