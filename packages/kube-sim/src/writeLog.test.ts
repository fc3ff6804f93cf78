import { deployment } from './__testUtils__/deployment';
import { json, rawRequest } from './__testUtils__/rawRequest';
import { waitFor } from './__testUtils__/waitFor';
import { SimulatedCluster } from './SimulatedCluster';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

const configMap = (name: string, value = 'a') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { key: value },
});

describe('the write log', () => {
  let cluster: SimulatedCluster;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start({ name: 'log', podStartupMs: 1 });
  });

  afterEach(() => cluster.stop());

  const readWrites = async (query = '') => {
    const answer = await rawRequest(cluster, 'GET', `/_sim/writes${query}`);
    expect(answer.status).toBe(200);
    return json(answer) as {
      lastSeq: number;
      items: Record<string, unknown>[];
    };
  };

  it('records every kind of write with the object identity, in sequence', async () => {
    const { lastSeq: before } = await readWrites();
    const created = json(
      await rawRequest(cluster, 'POST', CONFIGMAPS, {
        body: configMap('c'),
      }),
    );
    await rawRequest(
      cluster,
      'PATCH',
      `${CONFIGMAPS}/c?fieldManager=applier&force=true`,
      {
        body: configMap('c', 'applied'),
        contentType: 'application/apply-patch+yaml',
      },
    );
    await rawRequest(cluster, 'PATCH', `${CONFIGMAPS}/c`, {
      body: { data: { key: 'merged' } },
      contentType: 'application/merge-patch+json',
    });
    await rawRequest(cluster, 'PUT', `${CONFIGMAPS}/c`, {
      body: configMap('c', 'replaced'),
    });
    await rawRequest(cluster, 'DELETE', `${CONFIGMAPS}/c`, {
      body: { propagationPolicy: 'Orphan' },
    });

    const { items, lastSeq } = await readWrites(`?since=${before}`);

    expect(items.map(w => [w.verb, w.patchType, w.propagationPolicy])).toEqual([
      ['create', undefined, undefined],
      ['patch', 'apply', undefined],
      ['patch', 'merge', undefined],
      ['update', undefined, undefined],
      ['delete', undefined, 'Orphan'],
    ]);
    expect(items.map(w => w.seq)).toEqual([1, 2, 3, 4, 5].map(n => before + n));
    expect(lastSeq).toBe(before + 5);
    for (const w of items) {
      expect(w).toMatchObject({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'default',
        name: 'c',
        uid: created.metadata.uid,
        user: 'kube-sim-admin',
      });
      expect(new Date(w.time as string).toISOString()).toBe(w.time);
    }
    const versions = items.map(w => Number(w.resourceVersion));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('reads incrementally from a sequence number', async () => {
    await rawRequest(cluster, 'POST', CONFIGMAPS, { body: configMap('one') });
    const first = await readWrites();

    expect((await readWrites(`?since=${first.lastSeq}`)).items).toEqual([]);
    await rawRequest(cluster, 'POST', CONFIGMAPS, { body: configMap('two') });
    const next = await readWrites(`?since=${first.lastSeq}`);

    expect(next.items).toMatchObject([{ verb: 'create', name: 'two' }]);
    expect(next.lastSeq).toBe(first.lastSeq + 1);
    expect(
      (await rawRequest(cluster, 'GET', '/_sim/writes?since=x')).status,
    ).toBe(400);
  });

  it("keeps the garbage collector's deletes, with their propagation policy", async () => {
    await rawRequest(cluster, 'POST', DEPLOYMENTS, { body: deployment('web') });
    await waitFor(() =>
      cluster
        .writes({ includeControllers: true })
        .some(w => w.kind === 'ReplicaSet' && w.verb === 'create'),
    );

    await rawRequest(cluster, 'DELETE', `${DEPLOYMENTS}/web`);
    await waitFor(() =>
      cluster
        .writes({ includeControllers: true })
        .some(w => w.kind === 'ReplicaSet' && w.verb === 'delete'),
    );

    const { items } = await readWrites('?controllers=true');
    expect(
      items
        .filter(w => w.verb === 'delete')
        .map(w => [w.kind, w.propagationPolicy, w.user]),
    ).toContainEqual(['Deployment', 'Background', 'kube-sim-admin']);
    expect(
      items
        .filter(w => w.verb === 'delete')
        .map(w => [w.kind, w.propagationPolicy, w.user]),
    ).toContainEqual([
      'ReplicaSet',
      'Background',
      'system:kube-controller-manager',
    ]);
    expect((await readWrites()).items.map(w => w.kind)).toEqual([
      'Deployment',
      'Deployment',
    ]);
  });

  it('is append-only: records are frozen and earlier ones never change', async () => {
    await rawRequest(cluster, 'POST', CONFIGMAPS, { body: configMap('x') });
    const before = [...cluster.writeLog];

    await rawRequest(cluster, 'DELETE', `${CONFIGMAPS}/x`);

    expect(cluster.writeLog.slice(0, before.length)).toEqual(before);
    expect(cluster.writeLog.length).toBeGreaterThan(before.length);
    expect(cluster.writeLog.every(w => Object.isFrozen(w))).toBe(true);
  });
});
