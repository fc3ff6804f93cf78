/**
 * The custom resource the tests install: a namespaced `Placement` (short
 * name `plc`) with a status subresource and printer columns for both halves.
 */
export const placementCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'placements.fleet.example.com' },
  spec: {
    group: 'fleet.example.com',
    scope: 'Namespaced',
    names: {
      plural: 'placements',
      singular: 'placement',
      kind: 'Placement',
      shortNames: ['plc'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Clusters', type: 'string', jsonPath: '.spec.clusters' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  clusters: { type: 'array', items: { type: 'string' } },
                },
              },
              status: {
                type: 'object',
                properties: { phase: { type: 'string' } },
              },
            },
          },
        },
      },
    ],
  },
};
