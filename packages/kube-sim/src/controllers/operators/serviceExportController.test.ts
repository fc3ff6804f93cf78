import { SimulatedCluster } from '../../SimulatedCluster';
import { ObjectApi, startWithObjectApi } from '../../__testUtils__/clientNode';
import { mcs } from '../../__testUtils__/operatorManifests';
import { waitFor } from '../../__testUtils__/waitFor';

jest.setTimeout(30_000);

const MCS = 'multicluster.x-k8s.io/v1alpha1';

describe('the MCS test controller', () => {
  let cluster: SimulatedCluster;
  let k: ObjectApi;
  const conditions = async () =>
    Object.fromEntries(
      (
        (await k.read(MCS, 'ServiceExport', 'default', 'storage'))?.status
          ?.conditions ?? []
      ).map((c: any) => [c.type, `${c.status} ${c.reason}`]),
    );
  const service = (type: string) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'storage', namespace: 'default' },
    spec: {
      type,
      ...(type === 'ExternalName'
        ? { externalName: 'storage.example' }
        : {
            selector: { app: 'storage' },
            ports: [{ name: 'http', port: 8080 }],
          }),
    },
  });

  beforeAll(async () => {
    ({ cluster, k } = await startWithObjectApi({
      name: 'mcs',
      operators: ['mcs'],
    }));
  });

  afterAll(() => cluster?.stop());

  it('marks an export without its Service invalid, then Valid and Ready once the Service exists', async () => {
    await k.api.create(mcs.serviceExport);
    await waitFor(async () => (await conditions()).Valid === 'False NoService');
    expect(await conditions()).toEqual({
      Valid: 'False NoService',
      Ready: 'False Pending',
    });

    await k.api.create(service('ClusterIP'));

    await waitFor(async () => (await conditions()).Valid === 'True Valid');
    expect(await conditions()).toEqual({
      Valid: 'True Valid',
      Ready: 'True Exported',
    });
    const exported = await k.read(MCS, 'ServiceExport', 'default', 'storage');
    for (const c of exported.status.conditions) {
      expect(c.observedGeneration).toBe(exported.metadata.generation);
      expect(c.lastTransitionTime).toBeDefined();
      expect(c.message).toBeTruthy();
    }
  });

  it('refuses to export an ExternalName Service', async () => {
    await k.api.delete(service('ClusterIP'));
    await k.api.create(service('ExternalName'));

    await waitFor(
      async () => (await conditions()).Valid === 'False InvalidServiceType',
    );
    expect(await conditions()).toEqual({
      Valid: 'False InvalidServiceType',
      Ready: 'False Pending',
    });
  });

  it('serves ServiceImport for what an MCS implementation writes in consuming clusters', async () => {
    await k.api.create(mcs.serviceImport);

    expect(
      (await k.read(MCS, 'ServiceImport', 'default', 'storage')).spec,
    ).toEqual(mcs.serviceImport.spec);
  });
});
