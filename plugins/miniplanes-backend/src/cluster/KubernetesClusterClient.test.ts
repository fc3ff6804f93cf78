import { SimulatedFleet } from '@miniplanes/kube-sim';
import { startDemoFleet } from '../__testUtils__/syncHarness';
import { ClusterCallError } from './clusterErrors';
import { KubernetesClusterClient } from './KubernetesClusterClient';

jest.setTimeout(30_000);

const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { value: name },
});

describe('KubernetesClusterClient.get', () => {
  let sim: SimulatedFleet;
  let client: KubernetesClusterClient;

  beforeAll(async () => {
    sim = await startDemoFleet();
    const cluster = sim.cluster('us-east');
    client = await KubernetesClusterClient.create(
      {
        name: 'us-east',
        url: cluster.url,
        token: cluster.adminToken,
        skipTLSVerify: true,
      },
      { timeoutMs: 3000, watchMaxAgeMs: 60_000 },
    );
  });
  afterAll(async () => {
    client.stop();
    await sim.stop();
  });

  it('answers an object that exists, and undefined for one that does not', async () => {
    await client.apply(configMap('present'));
    expect((await client.get(configMap('present')))?.data).toEqual({
      value: 'present',
    });
    expect(await client.get(configMap('absent'))).toBeUndefined();
  });

  it('fails with the cluster and the status for any other answer', async () => {
    sim.cluster('us-east').injectError({ status: 503, verb: 'get', count: 1 });
    const failure = await client.get(configMap('present')).catch(e => e);
    expect(failure).toBeInstanceOf(ClusterCallError);
    expect(failure).toMatchObject({ retryable: true });
    expect(failure.message).toMatch(
      /^read ConfigMap present on cluster us-east failed/,
    );
  });

  it('opens no watch for a read after stop: such a read lists afresh each time', async () => {
    const stopping = await KubernetesClusterClient.create(
      {
        name: 'us-east',
        url: sim.cluster('us-east').url,
        token: sim.cluster('us-east').adminToken,
        skipTLSVerify: true,
      },
      { timeoutMs: 3000, watchMaxAgeMs: 60_000 },
    );
    stopping.stop();
    // A pass still running at shutdown reads after the stop.
    const read = () => stopping.listWatched('v1', 'ConfigMap', '');
    expect((await read()).size).toBeGreaterThan(0);
    // Listed again, not answered by a watch left open.
    sim.cluster('us-east').injectError({ status: 503, verb: 'list', count: 1 });
    await expect(read()).rejects.toThrow(
      /^list ConfigMap on cluster us-east failed/,
    );
  });
});
