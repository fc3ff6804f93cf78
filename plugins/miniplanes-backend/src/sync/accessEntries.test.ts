import { accessEntries } from './accessEntries';
import { DesiredObject } from './planClusterSync';

const labels = { 'miniplanes.io/service': 'component.default.storage' };
const mongoService: DesiredObject = {
  role: 'data',
  manifest: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'mongodb', namespace: 'miniplanes', labels },
    spec: {
      selector: { app: 'mongodb' },
      ports: [{ name: 'mongo', port: 27017 }],
    },
  },
};
const api: DesiredObject = {
  role: 'compute',
  manifest: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'storage', namespace: 'miniplanes', labels },
  },
};

describe('accessEntries', () => {
  it('routes compute-only clusters to the data clusters through a selector-less Service and an EndpointSlice', () => {
    const entries = accessEntries(
      new Map([
        ['us-east', [mongoService, api]],
        ['us-pet', [mongoService]],
        ['eu-west', [api]],
        ['jp-gpu', []],
      ]),
    );
    expect([...entries.keys()]).toEqual(['eu-west']);
    const [service, slice] = entries.get('eu-west')!;
    expect(service.manifest).toMatchObject({
      kind: 'Service',
      metadata: {
        name: 'mongodb',
        namespace: 'miniplanes',
        labels: { 'miniplanes.io/role': 'access' },
      },
      spec: { ports: [{ name: 'mongo', port: 27017, protocol: 'TCP' }] },
    });
    expect((service.manifest.spec as any).selector).toBeUndefined();
    expect(slice.manifest).toMatchObject({
      kind: 'EndpointSlice',
      addressType: 'FQDN',
      metadata: { labels: { 'kubernetes.io/service-name': 'mongodb' } },
      endpoints: [
        { addresses: ['us-east.mongodb.miniplanes.svc.clusterset.local'] },
        { addresses: ['us-pet.mongodb.miniplanes.svc.clusterset.local'] },
      ],
    });
  });

  it('adds nothing where compute and data share every cluster', () => {
    expect(
      accessEntries(new Map([['us-east', [mongoService, api]]])).size,
    ).toBe(0);
  });
});
