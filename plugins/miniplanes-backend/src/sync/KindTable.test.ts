import { KindTable } from './KindTable';

describe('KindTable', () => {
  it('keeps a value per apiVersion and kind, apart from other versions and kinds', () => {
    const table = new KindTable<string>();
    table.set({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'Namespaced');
    table.set({ apiVersion: 'v1', kind: 'Namespace' }, 'Cluster');
    table.set({ apiVersion: 'apps/v1beta1', kind: 'Deployment' }, 'old');

    expect(table.get({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(
      'Namespaced',
    );
    expect(table.get({ apiVersion: 'v1', kind: 'Deployment' })).toBeUndefined();
    expect(table.has({ apiVersion: 'v1', kind: 'Namespace' })).toBe(true);
    expect(table.has({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe(false);
    expect([...table.kinds()]).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'v1', kind: 'Namespace' },
      { apiVersion: 'apps/v1beta1', kind: 'Deployment' },
    ]);
  });

  it('holds undefined as a value, apart from no value', () => {
    const table = new KindTable<string | undefined>();
    table.set({ apiVersion: 'example.com/v1', kind: 'Widget' }, undefined);
    expect(table.has({ apiVersion: 'example.com/v1', kind: 'Widget' })).toBe(
      true,
    );
  });
});
