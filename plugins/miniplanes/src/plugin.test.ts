import { miniplanesPlugin } from './plugin';
import { isMiniplanesAvailable, miniplanesLegacyPlugin } from './legacy';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'storage', annotations },
});

describe('miniplanes', () => {
  it('is the frontend plugin with the id the backend serves under', () => {
    expect(miniplanesPlugin.id).toBe('miniplanes');
  });

  it('is also a legacy plugin, with the same pages', () => {
    expect(miniplanesLegacyPlugin.getId()).toBe('miniplanes');
    expect(Object.keys(miniplanesLegacyPlugin.routes)).toEqual([
      'entityContent',
      'fleet',
      'requests',
      'evidence',
    ]);
  });

  it('shows the Placement tab for entities on Kubernetes or naming a federated service', () => {
    expect(
      isMiniplanesAvailable(entity({ 'backstage.io/kubernetes-id': 'x' })),
    ).toBe(true);
    expect(
      isMiniplanesAvailable(
        entity({ 'miniplanes.io/federated-service': 'storage' }),
      ),
    ).toBe(true);
    expect(isMiniplanesAvailable(entity({}))).toBe(false);
  });
});
