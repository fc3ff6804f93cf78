import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleetFromText } from './fleet';
import { SimulatedCluster } from './SimulatedCluster';
import { json, rawRequest } from './__testUtils__/rawRequest';

jest.setTimeout(60_000);

const FLEET = `
clusters:
  - name: us-pet
  - name: us-east
`;

const groups = async (cluster: SimulatedCluster): Promise<string[]> =>
  json(await rawRequest(cluster, 'GET', '/apis')).groups.map(
    (g: { name: string }) => g.name,
  );

const established = async (cluster: SimulatedCluster, crd: string) =>
  json(
    await rawRequest(
      cluster,
      'GET',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`,
    ),
  ).status?.conditions?.some(
    (c: { type: string; status: string }) =>
      c.type === 'Established' && c.status === 'True',
  );

describe('operator profiles', () => {
  it('install each cluster’s operators’ CRDs at start, Established before the first request', async () => {
    const fleet = await startFleetFromText(FLEET, {
      operators: { 'us-pet': ['velero', 'cnpg'] },
    });
    try {
      const pet = fleet.cluster('us-pet');
      expect(pet.operators).toEqual(['velero', 'cnpg']);
      expect(await groups(pet)).toEqual(
        expect.arrayContaining([
          'velero.io',
          'postgresql.cnpg.io',
          'barmancloud.cnpg.io',
        ]),
      );
      expect(await established(pet, 'schedules.velero.io')).toBe(true);
      expect(await groups(fleet.cluster('us-east'))).not.toContain('velero.io');
    } finally {
      await fleet.stop();
    }
  });

  it('follow the fleet file’s clusters[].operators, those kube-sim simulates, unless the options say otherwise', async () => {
    const fleet = await startFleetFromText(
      `
clusters:
  - name: us-pet
    operators: [velero, cnpg, percona]
  - name: us-east
    operators: [velero]
  - name: eu-west
`,
      { operators: { 'us-east': ['mcs'] } },
    );
    try {
      expect(fleet.clusters.map(c => [c.name, c.operators])).toEqual([
        ['us-pet', ['velero', 'cnpg']],
        ['us-east', ['mcs']],
        ['eu-west', []],
      ]);
    } finally {
      await fleet.stop();
    }
  });

  it('serve every profile’s groups when a list is given for all clusters', async () => {
    const fleet = await startFleetFromText(FLEET, {
      operators: ['velero', 'cnpg', 'mcs', 'istio', 'prometheus', 'spire'],
    });
    try {
      for (const cluster of fleet.clusters) {
        expect(await groups(cluster)).toEqual(
          expect.arrayContaining([
            'velero.io',
            'postgresql.cnpg.io',
            'barmancloud.cnpg.io',
            'multicluster.x-k8s.io',
            'networking.istio.io',
            'monitoring.coreos.com',
            'spire.spiffe.io',
          ]),
        );
      }
    } finally {
      await fleet.stop();
    }
  });

  it('refuse unknown profiles and clusters the fleet does not have, saying what exists', async () => {
    await expect(
      SimulatedCluster.start({
        name: 'x',
        operators: ['velero', 'argo' as any],
      }),
    ).rejects.toThrow(
      'unknown operator profile "argo"; kube-sim knows velero, cnpg, mcs, istio, prometheus, spire',
    );
    await expect(
      startFleetFromText(FLEET, { operators: { 'eu-west': ['velero'] } }),
    ).rejects.toThrow(
      'operators name cluster "eu-west", which the fleet does not have (it has us-pet, us-east)',
    );
  });

  it('keep a restored cluster’s CRDs and custom resources, adding those of operators added since', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-sim-operators-'));
    try {
      const before = await SimulatedCluster.start({
        name: 'pet',
        operators: ['velero'],
        stateDirectory: dir,
      });
      const location = {
        apiVersion: 'velero.io/v1',
        kind: 'BackupStorageLocation',
        metadata: { name: 'default', namespace: 'default' },
        spec: { provider: 'aws', objectStorage: { bucket: 'b' } },
      };
      expect(
        (
          await rawRequest(
            before,
            'POST',
            '/apis/velero.io/v1/namespaces/default/backupstoragelocations',
            { body: location },
          )
        ).status,
      ).toBe(201);
      await before.stop();

      const after = await SimulatedCluster.start({
        name: 'pet',
        operators: ['velero', 'mcs'],
        stateDirectory: dir,
      });
      try {
        const read = await rawRequest(
          after,
          'GET',
          '/apis/velero.io/v1/namespaces/default/backupstoragelocations/default',
        );
        expect(json(read).status.phase).toBe('Available');
        expect(
          await established(after, 'serviceexports.multicluster.x-k8s.io'),
        ).toBe(true);
      } finally {
        await after.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuse an index outside 0–4095', async () => {
    await expect(
      SimulatedCluster.start({ name: 'x', index: 4096 }),
    ).rejects.toThrow(
      'cluster x: index must be a whole number from 0 to 4095 (its position in the fleet), not 4096',
    );
  });
});
