import { demoFleet, demoService } from '../testUtils';
import { evaluatePlacement } from './evaluatePlacement';
import { planKey } from './planKey';

describe('planKey', () => {
  const storage = demoService('storage');

  it('leaves out what only names the service', () => {
    const renamed = {
      ...storage,
      metadata: { name: 'other', entityRef: 'component:default/other' },
      spec: {
        ...storage.spec,
        resources: storage.spec.resources.map(r => ({
          ...r,
          manifest: {
            ...r.manifest,
            metadata: { name: `other-${r.manifest.metadata.name}` },
          },
        })),
      },
    };
    expect(planKey(renamed, undefined)).toBe(planKey(storage, undefined));
  });

  it('tells apart services whose previous placement differs', () => {
    const previous = evaluatePlacement({
      service: storage,
      fleet: demoFleet(),
    });
    expect(planKey(storage, previous)).not.toBe(planKey(storage, undefined));
  });

  it('tells apart services whose replicas request more', () => {
    const [first, ...others] = storage.spec.resources;
    const bigger = {
      ...storage,
      spec: {
        ...storage.spec,
        resources: [
          {
            ...first,
            manifest: {
              ...first.manifest,
              spec: {
                template: {
                  spec: {
                    containers: [{ resources: { requests: { cpu: '64' } } }],
                  },
                },
              },
            },
          },
          ...others,
        ],
      },
    };
    expect(planKey(bigger, undefined)).not.toBe(planKey(storage, undefined));
  });
});
