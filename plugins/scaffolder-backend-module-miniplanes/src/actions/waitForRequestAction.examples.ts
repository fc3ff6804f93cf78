import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `miniplanes:request:wait`, shown in the actions reference. @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Waits up to ten minutes for the request an earlier step filed; fails if it is rejected',
    example: `steps:
  - id: wait
    name: Wait for approval
    action: miniplanes:request:wait
    input:
      requestId: \${{ steps.miniplanes.output.requestId }}
      timeoutSeconds: 600
`,
  },
  {
    description:
      'Reads the outcome without failing on a rejection, to report it in a later step',
    example: `steps:
  - id: wait
    name: Wait for approval
    action: miniplanes:request:wait
    input:
      requestId: \${{ steps.placement.output.requestId }}
      timeoutSeconds: 300
      pollIntervalSeconds: 15
      failOnRejected: false
`,
  },
];
