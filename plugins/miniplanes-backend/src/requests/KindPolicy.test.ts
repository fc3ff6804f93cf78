import { mockServices } from '@backstage/backend-test-utils';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { KindPolicy } from './KindPolicy';

const policy = (miniplanes: object) =>
  KindPolicy.fromConfig(mockServices.rootConfig({ data: { miniplanes } }));

const version = (...kinds: [string, string][]): FederatedService => ({
  apiVersion: 'miniplanes.io/v1alpha1',
  kind: 'FederatedService',
  metadata: { name: 'shop', entityRef: 'component:default/shop' },
  spec: {
    placement: { replicas: { total: 1, mode: 'Duplicated' } },
    resources: kinds.map(([apiVersion, kind], index) => ({
      role: 'config',
      manifest: { apiVersion, kind, metadata: { name: `o${index}` } },
    })),
  },
});

describe('KindPolicy', () => {
  const shop = version(
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['apps/v1', 'Deployment'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ['example.com/v1beta1', 'Backup'],
  );

  it('allows every kind when nothing is configured', () => {
    expect(policy({}).problems(shop)).toEqual([]);
  });

  it('refuses kinds outside allowedKinds, naming each object by its path', () => {
    expect(
      policy({
        allowedKinds: ['core/v1/ConfigMap', 'apps/*/*', 'example.com/*/Backup'],
      }).problems(shop),
    ).toEqual([
      {
        path: 'spec.resources[1].manifest',
        message:
          'v1 Secret is not in miniplanes.allowedKinds (core/v1/ConfigMap, apps/*/*, example.com/*/Backup)',
      },
      {
        path: 'spec.resources[3].manifest',
        message:
          'rbac.authorization.k8s.io/v1 ClusterRoleBinding is not in miniplanes.allowedKinds (core/v1/ConfigMap, apps/*/*, example.com/*/Backup)',
      },
    ]);
  });

  it('refuses denied kinds whatever allowedKinds says', () => {
    expect(
      policy({
        allowedKinds: ['*'],
        deniedKinds: ['Secret', 'rbac.authorization.k8s.io/*/*', 'core/v2/*'],
      }).problems(shop),
    ).toEqual([
      {
        path: 'spec.resources[1].manifest',
        message: 'v1 Secret is denied by miniplanes.deniedKinds (Secret)',
      },
      {
        path: 'spec.resources[3].manifest',
        message:
          'rbac.authorization.k8s.io/v1 ClusterRoleBinding is denied by miniplanes.deniedKinds (rbac.authorization.k8s.io/*/*)',
      },
    ]);
  });

  it('refuses patterns it cannot read when the backend starts, saying how to write them', () => {
    for (const pattern of [
      'apps/Deployment',
      'v1/Secret',
      'configmap',
      'a/b/c/D',
    ]) {
      expect(() => policy({ deniedKinds: ['Secret', pattern] })).toThrow(
        `miniplanes.deniedKinds[1]: ${JSON.stringify(
          pattern,
        )} is not a kind pattern: write Kind (any group and version), or group/version/Kind with * for any part and core for the core group, e.g. ClusterRoleBinding, apps/*/Deployment, core/v1/ConfigMap, example.com/*/*`,
      );
    }
  });
});
