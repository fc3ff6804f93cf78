import { SimulatedFleet } from '@miniplanes/kube-sim';
import { servedObject } from '../__testUtils__/sync/liveObjects';
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

// One simulated fleet and one client for the whole file.
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

describe('KubernetesClusterClient.get', () => {
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

const served = (path: string) => servedObject(sim, 'us-east', path);

describe('KubernetesClusterClient writes manifests as written', () => {
  // A field newer than client-node's models (a cluster ahead of them) must
  // reach the cluster: its typed models would drop it, and every pass would
  // then find the object drifted and write it again.
  const deployment = (name: string, replicas: number) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      futureRolloutField: { maxUnready: '10%' },
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
    },
  });
  const path = (name: string) =>
    `/apis/apps/v1/namespaces/default/deployments/${name}`;

  it('creates with every field of the manifest, and answers the object as served', async () => {
    const created = await client.create(deployment('future-create', 1));
    expect((await served(path('future-create'))).spec).toMatchObject({
      futureRolloutField: { maxUnready: '10%' },
    });
    expect(created !== 'exists' && created.spec).toMatchObject({
      futureRolloutField: { maxUnready: '10%' },
    });
  });

  it('applies every field of the manifest, and answers the object as served', async () => {
    const applied = await client.apply(deployment('future-apply', 2));
    const live = await served(path('future-apply'));
    expect(live.spec).toMatchObject({
      replicas: 2,
      futureRolloutField: { maxUnready: '10%' },
    });
    expect(applied.spec).toMatchObject({
      futureRolloutField: { maxUnready: '10%' },
    });
    // Times stay as served, not turned into Dates.
    expect(applied.metadata.creationTimestamp).toBe(
      live.metadata.creationTimestamp,
    );
    expect(await client.get(deployment('future-apply', 2))).toMatchObject({
      spec: { futureRolloutField: { maxUnready: '10%' } },
      metadata: { creationTimestamp: live.metadata.creationTimestamp },
    });
  });
});

describe('KubernetesClusterClient.list', () => {
  it('reads every page of a list longer than a page', async () => {
    const names = Array.from({ length: 510 }, (_, i) => `paged-${i}`);
    await Promise.all(
      names.map(name =>
        client.create({
          ...configMap(name),
          metadata: { ...configMap(name).metadata, labels: { paged: 'yes' } },
        }),
      ),
    );
    const listed = await client.list('v1', 'ConfigMap', 'paged=yes');
    expect(listed.map(o => o.metadata.name).sort()).toEqual([...names].sort());
  });
});

describe('KubernetesClusterClient.create, then apply', () => {
  const labelled = (name: string, labels: Record<string, string>) => ({
    ...configMap(name),
    metadata: { ...configMap(name).metadata, labels },
  });

  it('creates only an object that does not exist, and changes nothing of one that does', async () => {
    const created = await client.create(labelled('made', { app: 'web' }));
    expect(created).toMatchObject({ metadata: { name: 'made' } });
    const uid = created !== 'exists' && created.metadata.uid;
    const mark = sim.cluster('us-east').writes().length;
    expect(await client.create(labelled('made', { app: 'other' }))).toBe(
      'exists',
    );
    expect(sim.cluster('us-east').writes().length).toBe(mark);
    expect((await client.get(configMap('made')))?.metadata).toMatchObject({
      uid,
      labels: { app: 'web' },
    });
  });

  it('removes a field the create set once an apply stops naming it', async () => {
    await client.create(labelled('dropped', { app: 'web', old: 'x' }));
    const applied = await client.apply(labelled('dropped', { app: 'web' }));
    expect(applied.metadata.labels).toEqual({ app: 'web' });
    expect((await client.get(configMap('dropped')))?.metadata.labels).toEqual({
      app: 'web',
    });
    // Handed over once: the next applies are single writes.
    const mark = sim.cluster('us-east').writes().length;
    await client.apply(labelled('dropped', { app: 'web', more: 'y' }));
    await client.apply(labelled('dropped', { app: 'web' }));
    expect(sim.cluster('us-east').writes().length).toBe(mark + 2);
    expect((await client.get(configMap('dropped')))?.metadata.labels).toEqual({
      app: 'web',
    });
  });

  it('applies once when the create set nothing the apply does not name', async () => {
    await client.create(labelled('kept', { app: 'web' }));
    const mark = sim.cluster('us-east').writes().length;
    await client.apply(labelled('kept', { app: 'web', more: 'y' }));
    expect(sim.cluster('us-east').writes().length).toBe(mark + 1);
  });
});
