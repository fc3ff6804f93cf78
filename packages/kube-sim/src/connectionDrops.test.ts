import { json, rawRequest } from './__testUtils__/rawRequest';
import { SimulatedCluster } from './SimulatedCluster';

const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { key: 'value' },
});

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

describe('connection drops mid-response', () => {
  let cluster: SimulatedCluster;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start({ name: 'drops' });
  });

  afterEach(() => cluster.stop());

  it('cuts a list after its headers and part of its body', async () => {
    const full = await rawRequest(cluster, 'GET', CONFIGMAPS);
    cluster.dropConnections({ verb: 'list', resource: 'configmaps', count: 1 });

    const cut = await rawRequest(cluster, 'GET', CONFIGMAPS);

    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.error).toBeDefined();
    expect(cut.body.length).toBeGreaterThan(0);
    expect(cut.body.length).toBeLessThan(full.body.length);
    expect(full.body.toString()).toContain(cut.body.toString());
    // count: 1: the next list is whole again.
    expect((await rawRequest(cluster, 'GET', CONFIGMAPS)).complete).toBe(true);
  });

  it('commits a write before cutting its response when afterCommit is set', async () => {
    cluster.dropConnections({
      verb: 'create',
      resource: 'configmaps',
      afterCommit: true,
    });

    const cut = await rawRequest(cluster, 'POST', CONFIGMAPS, {
      body: configMap('committed'),
    });

    expect(cut.status).toBe(201);
    expect(cut.complete).toBe(false);
    const stored = await rawRequest(cluster, 'GET', `${CONFIGMAPS}/committed`);
    expect(stored.status).toBe(200);
    expect(json(stored).data).toEqual({ key: 'value' });
    expect(cluster.writes().filter(w => w.name === 'committed')).toMatchObject([
      { verb: 'create', kind: 'ConfigMap' },
    ]);
  });

  it('stores nothing for a cut write by default', async () => {
    cluster.dropConnections({ verb: 'create', resource: 'configmaps' });

    const cut = await rawRequest(cluster, 'POST', CONFIGMAPS, {
      body: configMap('lost'),
    });

    expect(cut.complete).toBe(false);
    expect(cut.error).toBeDefined();
    const stored = await rawRequest(cluster, 'GET', `${CONFIGMAPS}/lost`);
    expect(stored.status).toBe(404);
    expect(cluster.writes().filter(w => w.name === 'lost')).toEqual([]);
  });

  it('only cuts the verb and resource it matches', async () => {
    cluster.dropConnections({ verb: 'delete', resource: 'configmaps' });

    const created = await rawRequest(cluster, 'POST', CONFIGMAPS, {
      body: configMap('kept'),
    });
    const listed = await rawRequest(cluster, 'GET', '/api/v1/namespaces');

    expect(created.complete).toBe(true);
    expect(listed.complete).toBe(true);
    const deleted = await rawRequest(cluster, 'DELETE', `${CONFIGMAPS}/kept`);
    expect(deleted.complete).toBe(false);
  });

  it('is set through the admin API like the other faults', async () => {
    const answer = await rawRequest(cluster, 'POST', '/_sim/faults', {
      body: {
        dropConnection: {
          verb: 'patch',
          resource: 'configmaps',
          afterCommit: true,
          count: 1,
        },
      },
    });
    expect(json(answer).connectionDrops).toEqual([
      { verb: 'patch', resource: 'configmaps', afterCommit: true, count: 1 },
    ]);
    await rawRequest(cluster, 'POST', CONFIGMAPS, { body: configMap('p') });

    const cut = await rawRequest(cluster, 'PATCH', `${CONFIGMAPS}/p`, {
      body: { data: { key: 'patched' } },
      contentType: 'application/merge-patch+json',
    });

    expect(cut.complete).toBe(false);
    const stored = await rawRequest(cluster, 'GET', `${CONFIGMAPS}/p`);
    expect(json(stored).data).toEqual({ key: 'patched' });
    expect(
      json(await rawRequest(cluster, 'GET', '/_sim/faults')),
    ).toMatchObject({
      connectionDrops: [],
    });
  });
});
