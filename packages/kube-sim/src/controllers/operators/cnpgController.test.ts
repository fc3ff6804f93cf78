import { SimulatedCluster } from '../../SimulatedCluster';
import { ObjectApi, startWithObjectApi } from '../../__testUtils__/clientNode';
import { cnpg } from '../../__testUtils__/operatorManifests';
import { waitFor } from '../../__testUtils__/waitFor';

jest.setTimeout(60_000);

const CNPG = 'postgresql.cnpg.io/v1';

describe('the CloudNativePG test controller', () => {
  let cluster: SimulatedCluster;
  let k: ObjectApi;
  const db = (name: string) => k.read(CNPG, 'Cluster', 'default', name);
  const healthy = async (name: string) =>
    (await db(name))?.status?.phase === 'Cluster in healthy state';

  beforeAll(async () => {
    ({ cluster, k } = await startWithObjectApi({
      name: 'cnpg',
      operators: ['cnpg'],
      operatorStepMs: 200,
    }));
  });

  afterAll(() => cluster?.stop());

  it('sets up the primary, then reports every instance ready and the Cluster Ready', async () => {
    await k.api.create(cnpg.primary);

    await waitFor(
      async () =>
        (await db('airline-db'))?.status?.phase === 'Setting up primary',
    );
    expect((await db('airline-db')).status).toMatchObject({
      instances: 3,
      readyInstances: 0,
      targetPrimary: 'airline-db-1',
    });
    await waitFor(() => healthy('airline-db'));
    const { status } = await db('airline-db');
    expect(status).toMatchObject({
      instances: 3,
      readyInstances: 3,
      currentPrimary: 'airline-db-1',
      instanceNames: ['airline-db-1', 'airline-db-2', 'airline-db-3'],
      writeService: 'airline-db-rw',
      readService: 'airline-db-r',
      selector: 'cnpg.io/cluster=airline-db',
    });
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'Ready',
        status: 'True',
        reason: 'ClusterIsReady',
        message: 'Cluster is Ready',
      }),
    ]);
    // The distributed topology names this cluster its primary: no lag to report.
    expect(status.replica).toEqual({ role: 'primary' });
  });

  it('creates the new replica when scaled up', async () => {
    await k.api.patch(
      { ...cnpg.primary, spec: { instances: 4 } },
      undefined,
      undefined,
      undefined,
      undefined,
      k.client.PatchStrategy.MergePatch,
    );

    await waitFor(
      async () =>
        (await db('airline-db')).status.phase === 'Creating a new replica',
    );
    expect((await db('airline-db')).status.readyInstances).toBe(3);
    await waitFor(() => healthy('airline-db'));
    expect((await db('airline-db')).status.readyInstances).toBe(4);
  });

  it('reports a replica cluster’s lag: its minApplyDelay, or what a fault sets', async () => {
    await k.api.create(cnpg.replica);
    await waitFor(() => healthy('airline-db-replica'));
    expect((await db('airline-db-replica')).status).toMatchObject({
      currentPrimary: 'airline-db-replica-1',
      replica: { role: 'replica', lagSeconds: 300 },
    });

    cluster.applyFaultSpec({
      replicationLag: {
        namespace: 'default',
        name: 'airline-db-replica',
        seconds: 42.5,
      },
    });
    await waitFor(
      async () =>
        (await db('airline-db-replica')).status.replica.lagSeconds === 42.5,
    );

    cluster.setReplicationLag('default', 'airline-db-replica');
    await waitFor(
      async () =>
        (await db('airline-db-replica')).status.replica.lagSeconds === 300,
    );
  });

  it('switches a distributed topology over: the demoted primary publishes a token, the promoted replica records it', async () => {
    const topology = (name: string, primary: string, promotionToken?: string) =>
      k.api.patch(
        {
          apiVersion: CNPG,
          kind: 'Cluster',
          metadata: { name, namespace: 'default' },
          spec: {
            instances: 1,
            replica: {
              primary,
              source: 'other',
              ...(promotionToken ? { promotionToken } : {}),
            },
          },
        },
        undefined,
        undefined,
        'miniplanes',
        true,
        k.client.PatchStrategy.ServerSideApply,
      );
    await topology('east', 'east');
    await topology('west', 'east');
    await waitFor(
      async () => (await healthy('east')) && (await healthy('west')),
    );
    expect((await db('west')).status.replica).toEqual({
      role: 'replica',
      lagSeconds: 0,
    });
    expect((await db('east')).status.demotionToken).toBeUndefined();

    await topology('east', 'west');
    await waitFor(async () => Boolean((await db('east')).status.demotionToken));
    const token = (await db('east')).status.demotionToken;
    expect(JSON.parse(Buffer.from(token, 'base64').toString())).toHaveProperty(
      'latestCheckpointREDOLocation',
    );
    await topology('west', 'west', token);

    await waitFor(
      async () => (await db('west')).status.lastPromotionToken === token,
    );
    expect((await db('west')).status.replica).toEqual({ role: 'primary' });
    expect((await db('east')).status.replica.role).toBe('replica');
  });

  it('serves the Barman Cloud ObjectStore the Cluster archives to', async () => {
    await k.api.create(cnpg.objectStore);

    expect(
      (
        await k.read(
          'barmancloud.cnpg.io/v1',
          'ObjectStore',
          'default',
          'us-store',
        )
      ).spec,
    ).toEqual(cnpg.objectStore.spec);
  });
});
