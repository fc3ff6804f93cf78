import { KubeObject } from '../kube/types';
import { serverSideApply, trackUpdate } from './managedFields';

const writer = (manager: string) => ({
  manager,
  apiVersion: 'apps/v1',
  time: '2026-01-01T00:00:00Z',
});

const config = (
  replicas: number,
  image: string,
  extra: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas,
    template: { spec: { containers: [{ name: 'web', image }] } },
    ...extra,
  },
});

/** An apply by `manager`, unforced unless told, to a type with a status subresource. */
const apply = (
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  force = false,
) => serverSideApply(live, applied, writer(manager), force, true);

/** The object as stored after `manager` created it by applying `applied`. */
const createdBy = (manager: string, applied: KubeObject): KubeObject => {
  const { object, managedFields } = apply(undefined, applied, manager);
  return { ...object, metadata: { ...object.metadata, managedFields } };
};

describe('server-side apply', () => {
  it('records the applier as owner of exactly what it applied, with list items by merge key', () => {
    const { object, managedFields } = apply(
      undefined,
      config(2, 'nginx:1'),
      'miniplanes',
    );
    expect(object.spec).toEqual(config(2, 'nginx:1').spec);
    expect(managedFields).toEqual([
      expect.objectContaining({
        manager: 'miniplanes',
        operation: 'Apply',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} },
                },
              },
            },
          },
        },
      }),
    ]);
  });

  it('refuses to change a field another manager owns, unless forced', () => {
    const live = createdBy('a', config(2, 'nginx:1'));
    expect(() => apply(live, config(3, 'nginx:1'), 'b')).toThrow(
      'Apply failed with 1 conflict: conflict with "a" using apps/v1: .spec.replicas',
    );
    const forced = apply(live, config(3, 'nginx:1'), 'b', true);
    expect((forced.object.spec as any).replicas).toBe(3);
    const owners = Object.fromEntries(
      forced.managedFields.map(m => [m.manager, m.fieldsV1]),
    );
    expect(owners.a['f:spec']['f:replicas']).toBeUndefined();
    expect(owners.b['f:spec']['f:replicas']).toEqual({});
  });

  it('lets managers co-own a field applied with the same value', () => {
    const live = createdBy('a', config(2, 'nginx:1'));
    const second = apply(live, config(2, 'nginx:1'), 'b');
    expect(second.managedFields.map(m => m.manager)).toEqual(['a', 'b']);
  });

  it('removes fields the applier stops applying when nobody else owns them', () => {
    const live = createdBy('a', config(2, 'nginx:1', { paused: true }));
    const second = apply(live, config(2, 'nginx:1'), 'a');
    expect(second.object.spec).not.toHaveProperty('paused');
  });

  it('keeps list items other managers added', () => {
    const live = createdBy('a', config(2, 'nginx:1'));
    const sidecar = structuredClone(live) as any;
    sidecar.spec.template.spec.containers.push({
      name: 'proxy',
      image: 'envoy:1',
    });
    sidecar.metadata.managedFields = trackUpdate(
      live,
      sidecar,
      writer('injector'),
      true,
    );
    const reapplied = apply(sidecar, config(2, 'nginx:2'), 'a');
    expect((reapplied.object.spec as any).template.spec.containers).toEqual([
      { name: 'web', image: 'nginx:2' },
      { name: 'proxy', image: 'envoy:1' },
    ]);
  });
});

describe('an applier that also created the object', () => {
  it('takes a conflicting field from its own Update entry, not from its Apply entry', () => {
    const applied = createdBy('a', config(2, 'nginx:1'));
    const created = structuredClone(config(2, 'nginx:1'));
    // Its Apply entry first: the one a search by manager name finds.
    applied.metadata.managedFields = [
      ...applied.metadata.managedFields!,
      ...trackUpdate(undefined, created, writer('a'), true),
    ];
    const { managedFields } = apply(applied, config(3, 'nginx:1'), 'a', true);
    const update = managedFields.find(e => e.operation === 'Update')!;
    expect((update.fieldsV1['f:spec'] as any)['f:replicas']).toBeUndefined();
    expect(
      (
        managedFields.find(e => e.operation === 'Apply')!.fieldsV1[
          'f:spec'
        ] as any
      )['f:replicas'],
    ).toEqual({});
  });
});

describe('update tracking', () => {
  it('gives the writer what it changed and takes it from the previous owner', () => {
    const created: KubeObject = { ...config(2, 'nginx:1') };
    created.metadata.managedFields = trackUpdate(
      undefined,
      created,
      writer('kubectl-create'),
      true,
    );
    const scaled = structuredClone(created);
    (scaled.spec as any).replicas = 5;
    const fields = trackUpdate(created, scaled, writer('kubectl-scale'), true);
    const owners = Object.fromEntries(fields.map(m => [m.manager, m.fieldsV1]));
    expect(owners['kubectl-scale']).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(owners['kubectl-create']['f:spec']['f:replicas']).toBeUndefined();
  });
});
