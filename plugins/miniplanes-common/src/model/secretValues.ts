/**
 * Where a manifest would carry secret values. A FederatedService is stored,
 * versioned, shown to owners and approvers and served by the API, so secret
 * values never belong in one: a Secret is referenced, or materialised in each
 * cluster by a secrets operator.
 */
export function secretValueIssues(manifest: {
  apiVersion: string;
  kind: string;
  [key: string]: unknown;
}): { path: string[]; message: string }[] {
  if (manifest.apiVersion !== 'v1' || manifest.kind !== 'Secret') return [];
  return (['data', 'stringData'] as const)
    .filter(field => {
      const value = manifest[field];
      return (
        value !== undefined &&
        value !== null &&
        (typeof value !== 'object' || Object.keys(value).length > 0)
      );
    })
    .map(field => ({
      path: [field],
      message:
        'a FederatedService must not carry secret values: they would be stored, versioned and shown to everyone who can read the service. Reference a Secret that already exists in each cluster (envFrom/secretKeyRef in the workload), or declare an ExternalSecret (external-secrets.io/v1beta1) that the clusters resolve from your secret store',
    }));
}
