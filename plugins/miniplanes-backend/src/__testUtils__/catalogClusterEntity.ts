import { Entity } from '@backstage/catalog-model';

/**
 * A cluster as the catalog holds it for the catalog cluster locator: a
 * kubernetes-cluster Resource of the platform team whose annotations reach
 * its API server at `apiServer` with OIDC (and a made-up CA), plus any
 * `annotations` of the test's own.
 */
export function catalogClusterEntity(options: {
  name: string;
  title?: string;
  labels: Record<string, string> | undefined;
  apiServer: string;
  annotations?: Record<string, string>;
}): Entity {
  const { name, title, labels, apiServer, annotations } = options;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      ...(title !== undefined ? { title } : {}),
      labels,
      annotations: {
        'kubernetes.io/api-server': apiServer,
        'kubernetes.io/api-server-certificate-authority': 'Q0EtZGF0YQ==',
        'kubernetes.io/auth-provider': 'oidc',
        ...annotations,
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'platform-team' },
  };
}
