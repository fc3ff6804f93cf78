import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `miniplanes:placement:request`, shown in the actions reference. @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Proposes a new placement policy for an existing service, keeping its resources',
    example: `steps:
  - id: placement
    name: Request placement change
    action: miniplanes:placement:request
    input:
      entityRef: component:default/storage
      reason: Spread over two regions for resilience
      placement:
        requires: [storage]
        spread: { by: region, min: 2 }
        replicas: { total: 6, mode: Divided, weighting: Capacity }
`,
  },
  {
    description: 'Proposes a whole new FederatedService document for a service',
    example: `steps:
  - id: placement
    name: Request placement change
    action: miniplanes:placement:request
    input:
      entityRef: component:default/price-watcher
      reason: Run on spot capacity only
      service: \${{ parameters.document }}
`,
  },
];
