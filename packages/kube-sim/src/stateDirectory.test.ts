import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployment } from './__testUtils__/deployment';
import { placementCrd } from './__testUtils__/placementCrd';
import { json, rawRequest } from './__testUtils__/rawRequest';
import { waitFor } from './__testUtils__/waitFor';
import { SimulatedFleet, startFleetFromText } from './fleet';
import { SimulatedCluster } from './SimulatedCluster';
import { readSnapshot } from './state/snapshot';

const FLEET = `
clusters:
  - name: us
    labels: { region: us-east-1, jurisdiction: US }
    nodes: { count: 2, cpu: 8, memory: 32Gi }
  - name: eu
    labels: { region: eu-west-1, jurisdiction: FR }
`;

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const PODS = '/api/v1/namespaces/default/pods';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const PLACEMENTS = '/apis/fleet.example.com/v1/namespaces/team/placements';

type Pod = {
  metadata: { name: string; uid: string };
  status: { phase?: string };
};

async function pods(cluster: SimulatedCluster): Promise<Pod[]> {
  return json(await rawRequest(cluster, 'GET', `${PODS}?labelSelector=app=web`))
    .items;
}

const running = async (cluster: SimulatedCluster) => {
  const current = await pods(cluster);
  return (
    current.length === 2 && current.every(p => p.status.phase === 'Running')
  );
};

describe('a state directory', () => {
  let dir: string;
  let fleet: SimulatedFleet | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-sim-state-'));
  });

  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  const start = async () => {
    fleet = await startFleetFromText(FLEET, {
      stateDirectory: dir,
      podStartupMs: 5,
    });
    return fleet;
  };

  it('brings a restarted fleet back with its objects, identity and workloads', async () => {
    const us = (await start()).cluster('us');
    const eu = fleet!.cluster('eu');
    await rawRequest(us, 'POST', '/api/v1/namespaces', {
      body: { metadata: { name: 'team' } },
    });
    await rawRequest(
      us,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      {
        body: placementCrd,
      },
    );
    await waitFor(
      async () => (await rawRequest(us, 'GET', PLACEMENTS)).status === 200,
    );
    const placement = json(
      await rawRequest(us, 'POST', PLACEMENTS, {
        body: { metadata: { name: 'p1' }, spec: { clusters: ['us'] } },
      }),
    );
    await rawRequest(us, 'POST', DEPLOYMENTS, {
      body: deployment('web', { replicas: 2, requests: { cpu: '100m' } }),
    });
    await waitFor(() => running(us));
    const before = {
      url: us.url,
      caPem: us.caPem,
      adminToken: us.adminToken,
      readOnlyToken: us.readOnlyToken,
      euCaPem: eu.caPem,
      pods: (await pods(us)).map(p => p.metadata.uid).sort(),
      resourceVersion: Number(
        json(await rawRequest(us, 'GET', PODS)).metadata.resourceVersion,
      ),
    };
    await fleet!.stop();

    const again = (await start()).cluster('us');

    expect(again.url).toBe(before.url);
    expect(again.caPem).toBe(before.caPem);
    expect(again.adminToken).toBe(before.adminToken);
    expect(again.readOnlyToken).toBe(before.readOnlyToken);
    expect(fleet!.cluster('eu').caPem).toBe(before.euCaPem);
    expect(before.euCaPem).not.toBe(before.caPem);
    const restored = await rawRequest(again, 'GET', `${PLACEMENTS}/p1`);
    expect(json(restored).metadata).toMatchObject({
      uid: placement.metadata.uid,
      resourceVersion: placement.metadata.resourceVersion,
    });
    // The controllers resume: the Deployment keeps its pods, no new ones.
    await new Promise(r => setTimeout(r, 200));
    await again.controllers.idle();
    expect((await pods(again)).map(p => p.metadata.uid).sort()).toEqual(
      before.pods,
    );
    expect(await running(again)).toBe(true);
    const written = json(
      await rawRequest(again, 'POST', '/api/v1/namespaces/team/configmaps', {
        body: { metadata: { name: 'after' } },
      }),
    );
    expect(Number(written.metadata.resourceVersion)).toBeGreaterThan(
      before.resourceVersion,
    );
  });

  it('saves soon after a write, without waiting for stop', async () => {
    const cluster = await SimulatedCluster.start({
      name: 'solo',
      stateDirectory: dir,
    });
    const saved = async () =>
      ((await readSnapshot(dir))?.objects['/configmaps'] ?? []).map(
        o => o.metadata.name,
      );
    try {
      await rawRequest(cluster, 'POST', CONFIGMAPS, {
        body: { metadata: { name: 'saved' } },
      });

      await waitFor(async () => (await saved()).includes('saved'));
      expect(await saved()).toEqual(['saved']);
    } finally {
      await cluster.stop();
    }
  });

  it('collects dependents whose owner is gone once restored', async () => {
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone' };
    let cluster = await SimulatedCluster.start({
      name: 'gc',
      stateDirectory: dir,
    });
    await rawRequest(cluster, 'POST', CONFIGMAPS, {
      body: {
        metadata: {
          name: 'orphan',
          ownerReferences: [{ ...owner, uid: 'gone-uid' }],
        },
      },
    });
    await cluster.stop();

    cluster = await SimulatedCluster.start({ name: 'gc', stateDirectory: dir });
    const orphan = () => rawRequest(cluster, 'GET', `${CONFIGMAPS}/orphan`);
    try {
      await waitFor(async () => (await orphan()).status === 404);
      expect((await orphan()).status).toBe(404);
    } finally {
      await cluster.stop();
    }
  });

  it('says how to start afresh when the saved objects are unreadable', async () => {
    await mkdir(join(dir, 'us'), { recursive: true });
    await writeFile(join(dir, 'us', 'objects.json'), '{"format": 1, "resou');

    await expect(start()).rejects.toThrow(
      `delete ${join(dir, 'us')} to start this cluster afresh`,
    );
  });
});
