import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { privilegedObjects } from './privilegedObjects';

function withResources(
  ...manifests: FederatedService['spec']['resources'][number]['manifest'][]
): FederatedService {
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: { name: 'shop', entityRef: 'component:default/shop' },
    spec: {
      placement: { replicas: { total: 1, mode: 'Duplicated' } },
      resources: manifests.map(manifest => ({ role: 'config', manifest })),
    },
  };
}

/** A manifest of that kind and name, with nothing else. */
const manifest = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
) => ({
  apiVersion,
  kind,
  metadata: namespace ? { name, namespace } : { name },
});

describe('privilegedObjects', () => {
  it('marks cluster-scoped kinds cluster-wide, with what each can do, and namespaced RBAC as power in its namespace', () => {
    const found = privilegedObjects(
      withResources(
        manifest('v1', 'ConfigMap', 'settings'),
        manifest(
          'rbac.authorization.k8s.io/v1',
          'ClusterRoleBinding',
          'read-everything',
        ),
        manifest(
          'admissionregistration.k8s.io/v1',
          'MutatingWebhookConfiguration',
          'inject',
        ),
        manifest('scheduling.k8s.io/v1', 'PriorityClass', 'urgent'),
        manifest('storage.k8s.io/v1', 'StorageClass', 'fast'),
        manifest(
          'rbac.authorization.k8s.io/v1',
          'RoleBinding',
          'readers',
          'shop',
        ),
      ),
    );
    expect(found.map(o => [o.path, o.kind, o.clusterWide, o.reason])).toEqual([
      [
        'spec.resources[1].manifest',
        'ClusterRoleBinding',
        true,
        'cluster-wide RBAC: grants permissions over every namespace',
      ],
      [
        'spec.resources[2].manifest',
        'MutatingWebhookConfiguration',
        true,
        'an admission webhook: sees and may change every matching object written to the cluster',
      ],
      [
        'spec.resources[3].manifest',
        'PriorityClass',
        true,
        'lets pods preempt others anywhere in the cluster',
      ],
      [
        'spec.resources[4].manifest',
        'StorageClass',
        true,
        'cluster-scoped: applied with miniplanes’ write access to the whole cluster',
      ],
      [
        'spec.resources[5].manifest',
        'RoleBinding',
        false,
        'RBAC: grants permissions in its namespace',
      ],
    ]);
    expect(found[4]).toMatchObject({ namespace: 'shop', name: 'readers' });
  });

  it('knows the custom kinds the version declares cluster-scoped, and no others', () => {
    const crd = (kind: string, scope: string) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.example.com` },
      spec: { group: 'example.com', scope, names: { kind } },
    });
    const found = privilegedObjects(
      withResources(
        crd('Tenant', 'Cluster'),
        crd('Backup', 'Namespaced'),
        manifest('example.com/v1', 'Tenant', 'a'),
        manifest('example.com/v1', 'Backup', 'b'),
        manifest('other.io/v1', 'Tenant', 'c'),
      ),
    );
    expect(found.map(o => `${o.kind} ${o.name} ${o.clusterWide}`)).toEqual([
      'CustomResourceDefinition tenants.example.com true',
      'CustomResourceDefinition backups.example.com true',
      'Tenant a true',
    ]);
    expect(found[2].reason).toBe(
      "cluster-scoped: this version's CustomResourceDefinition declares Tenant scope Cluster",
    );
  });
  it('asks the clusters for custom kinds the version does not define: cluster-scoped or unknown there is cluster-wide', () => {
    const spec = withResources(
      manifest('example.com/v1', 'Tenant', 'a'),
      manifest('example.com/v1', 'Backup', 'b'),
      manifest('other.io/v1', 'Widget', 'c'),
      // Built-in kinds are known without asking.
      manifest('apps/v1', 'Deployment', 'd'),
    );
    const served = new Map([
      ['example.com/Tenant', 'Cluster' as const],
      ['example.com/Backup', 'Namespaced' as const],
    ]);
    const found = privilegedObjects(spec, served);
    expect(found.map(o => `${o.kind} ${o.name} ${o.clusterWide}`)).toEqual([
      'Tenant a true',
      'Widget c true',
    ]);
    expect(found[0].reason).toBe(
      'cluster-scoped: the clusters serve example.com/Tenant as a cluster-scoped kind',
    );
    expect(found[1].reason).toBe(
      'scope unknown: no connected cluster serves other.io/Widget yet, so it is treated as cluster-wide',
    );
    // Without asking (no clusters wired), only what the document says counts.
    expect(privilegedObjects(spec)).toEqual([]);
  });
});
