import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { MiniplanesClient } from '../client/MiniplanesClient';
import { normalizeEntityRef } from '../client/entityRefs';
import { readFederatedService } from './federatedServiceInput';
import { fileRequest, fileRequestOutput } from './fileRequest';
import { examples } from './requestPlacementAction.examples';

/**
 * `miniplanes:placement:request`: files a change to an existing federated
 * service, either a new placement policy or a whole new document, as the
 * template's initiator.
 */
export function requestPlacementAction(options: { client: MiniplanesClient }) {
  const { client } = options;
  return createTemplateAction({
    id: 'miniplanes:placement:request',
    description:
      "Requests a change to a federated service's placement; an approver must approve it before it applies",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The catalog entity of the service, such as component:default/storage (kind defaults to component, namespace to default)',
            ),
        placement: z =>
          z
            .record(z.any())
            .optional()
            .describe(
              "The proposed spec.placement; replaces the current one and keeps the rest of the service's document",
            ),
        rollout: z =>
          z
            .record(z.any())
            .optional()
            .describe(
              "The proposed spec.rollout (stages, gates, deadline, what to do on failure), with or instead of placement; keeps the rest of the service's document",
            ),
        service: z =>
          z
            .union([z.string(), z.record(z.any())])
            .optional()
            .describe(
              'The whole proposed FederatedService (object or YAML/JSON text), instead of placement',
            ),
        reason: z =>
          z
            .string()
            .min(1)
            .describe('Why the placement should change; approvers read it'),
      },
      output: fileRequestOutput,
    },
    async handler(ctx) {
      const { placement, rollout, service, reason } = ctx.input;
      const part = placement !== undefined || rollout !== undefined;
      if (part === (service !== undefined)) {
        throw new Error(
          'give either placement and/or rollout (the new spec.placement, spec.rollout) or service (the whole new FederatedService), not both and not neither',
        );
      }
      const entityRef = normalizeEntityRef(ctx.input.entityRef);
      let spec: FederatedService;
      if (service !== undefined) {
        spec = readFederatedService(service, 'service');
        if (spec.metadata.entityRef !== entityRef) {
          throw new Error(
            `service.metadata.entityRef is ${spec.metadata.entityRef}, but the request is for ${entityRef}`,
          );
        }
      } else {
        const current = await client.getService(entityRef, {
          credentials: await ctx.getInitiatorCredentials(),
        });
        if (!current) {
          throw new Error(
            `${entityRef} has no federated service to change; create it with miniplanes:service:create`,
          );
        }
        spec = readFederatedService(
          {
            ...current.spec,
            spec: {
              ...current.spec.spec,
              ...(placement !== undefined ? { placement } : {}),
              ...(rollout !== undefined ? { rollout } : {}),
            },
          },
          'the current service with the proposed change',
        );
      }
      await fileRequest(ctx, client, { entityRef, reason, spec });
    },
  });
}
