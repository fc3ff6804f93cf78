import { Entity } from '@backstage/catalog-model';

/** The demo's storage service, owned by the data team. */
export const storageComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'storage', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'data' },
};

/** The demo's UI, owned by the web team. */
export const uiComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ui', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'web' },
};

/** Amy, of the data team: an owner of storage. */
export const amyOfData: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'amy', namespace: 'default' },
  spec: { memberOf: ['data'] },
};
