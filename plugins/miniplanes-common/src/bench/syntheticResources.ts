/*
 * Resources of synthetic services, as the placement benchmark and the
 * placement engine's property tests generate them.
 */

/**
 * An apps/v1 workload (`kind` Deployment or StatefulSet) of `replicas` pods
 * whose one container, named as the workload, requests `requests`; `container`
 * adds fields to that container (an image, say).
 */
export function workloadManifest(
  kind: string,
  name: string,
  replicas: number,
  requests: Record<string, string>,
  container: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name },
    spec: {
      replicas,
      template: {
        spec: {
          containers: [{ name, ...container, resources: { requests } }],
        },
      },
    },
  };
}

/** A service's settings among its config: an empty ConfigMap `<name>-settings`. */
export function settingsResource(name: string) {
  return {
    role: 'config' as const,
    manifest: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-settings` },
    },
  };
}
