/** The CustomResourceDefinition of `kind` (version v1 of `group`), as a service brings it among its config. */
export function crdResource(group: string, kind: string, plural: string) {
  return {
    role: 'config' as const,
    manifest: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.${group}` },
      spec: {
        group,
        names: { kind, plural },
        versions: [{ name: 'v1', served: true, storage: true }],
      },
    },
  };
}
