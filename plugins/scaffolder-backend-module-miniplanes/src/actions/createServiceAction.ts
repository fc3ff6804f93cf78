import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MiniplanesClient } from '../client/MiniplanesClient';
import { readFederatedService } from './federatedServiceInput';
import { fileRequest, fileRequestOutput } from './fileRequest';
import { examples } from './createServiceAction.examples';
import { waitForEntity } from './waitForEntity';

const DEFAULT_CATALOG_WAIT_SECONDS = 120;

/**
 * `miniplanes:service:create`: files the first placement request of a new
 * federated service, as the template's initiator, once its entity is in the
 * catalog.
 */
export function createServiceAction(options: {
  client: MiniplanesClient;
  catalog: CatalogService;
}) {
  const { client, catalog } = options;
  return createTemplateAction({
    id: 'miniplanes:service:create',
    description:
      'Creates a federated service: files its first placement request, which an approver must approve before anything runs',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z
            .union([z.string(), z.record(z.any())])
            .describe(
              'The FederatedService document (apiVersion miniplanes.io/v1alpha1), as an object or as YAML/JSON text; metadata.entityRef names the catalog entity',
            ),
        reason: z =>
          z
            .string()
            .min(1)
            .describe('Why the service is created; approvers read it'),
        catalogTimeoutSeconds: z =>
          z
            .number()
            .int()
            .min(0)
            .max(600)
            .optional()
            .describe(
              `How long to wait for the service's entity to appear in the catalog, default ${DEFAULT_CATALOG_WAIT_SECONDS}: miniplanes accepts requests only for catalog entities, and the catalog ingests a just-registered entity in the background`,
            ),
      },
      output: fileRequestOutput,
    },
    async handler(ctx) {
      const service = readFederatedService(ctx.input.service, 'service');
      const { entityRef } = service.metadata;
      const credentials = await ctx.getInitiatorCredentials();
      const existing = await client.getService(entityRef, { credentials });
      if (existing) {
        throw new Error(
          `${entityRef} already has a federated service (version ${existing.specVersion}); use miniplanes:placement:request to change it`,
        );
      }
      // A dry run registers no entity, so there is none to wait for.
      if (!ctx.isDryRun) {
        await waitForEntity(ctx, catalog, {
          entityRef,
          credentials,
          timeoutSeconds:
            ctx.input.catalogTimeoutSeconds ?? DEFAULT_CATALOG_WAIT_SECONDS,
        });
      }
      await fileRequest(ctx, client, {
        entityRef,
        reason: ctx.input.reason,
        spec: service,
      });
    },
  });
}
