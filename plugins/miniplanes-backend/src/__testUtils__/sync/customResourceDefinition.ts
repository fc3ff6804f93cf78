/** A custom kind's names, as a CustomResourceDefinition declares them. */
export type CustomKind = {
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
};

/**
 * A CustomResourceDefinition serving the kind at v1, storing whatever its
 * objects hold unless given a schema (and subresources) of its own.
 */
export function customResourceDefinition(
  custom: CustomKind,
  version: { schema?: object; subresources?: object } = {},
) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${custom.plural}.${custom.group}` },
    spec: {
      group: custom.group,
      scope: custom.scope,
      names: {
        plural: custom.plural,
        singular: custom.kind.toLowerCase(),
        kind: custom.kind,
        listKind: `${custom.kind}List`,
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          ...(version.subresources
            ? { subresources: version.subresources }
            : {}),
          schema: {
            openAPIV3Schema: version.schema ?? {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
        },
      ],
    },
  };
}
