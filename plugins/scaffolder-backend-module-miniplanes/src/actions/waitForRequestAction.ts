import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PlacementRequestView,
  REQUEST_STATUSES,
} from '@miniplanes/plugin-miniplanes-common';
import { setTimeout as sleep } from 'node:timers/promises';
import { MiniplanesClient } from '../client/MiniplanesClient';
import { DRY_RUN_REQUEST_ID } from './fileRequest';
import { examples } from './waitForRequestAction.examples';

/** A task holds a scaffolder worker while it waits, so waits are bounded. */
export const MAX_WAIT_SECONDS = 3600;
const DEFAULT_WAIT_SECONDS = 600;
const DEFAULT_POLL_SECONDS = 10;

/** Outcomes that mean the proposal will not apply. */
const REFUSED = new Set(['rejected', 'withdrawn']);

/**
 * `miniplanes:request:wait`: waits for an approver to decide a placement
 * request, reading it as the template's initiator.
 */
export function waitForRequestAction(options: { client: MiniplanesClient }) {
  const { client } = options;
  return createTemplateAction({
    id: 'miniplanes:request:wait',
    description:
      'Waits until a placement request is decided (approved, rejected or withdrawn), or until a timeout',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        requestId: z =>
          z
            .string()
            .min(1)
            .describe(
              'The request to wait for, usually the requestId output of miniplanes:service:create or miniplanes:placement:request',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(0)
            .max(MAX_WAIT_SECONDS)
            .optional()
            .describe(
              `How long to wait for a decision, default ${DEFAULT_WAIT_SECONDS}; 0 reads the status once. At most ${MAX_WAIT_SECONDS}. A request still pending then is not an error: it stays open for the approvers`,
            ),
        pollIntervalSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(300)
            .optional()
            .describe(
              `How often to read the request, default every ${DEFAULT_POLL_SECONDS}s`,
            ),
        failOnRejected: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Fail the step when the request is rejected or withdrawn (the default); when false, the status output says so instead',
            ),
      },
      output: {
        status: z =>
          z
            .enum(REQUEST_STATUSES)
            .describe(
              'The last status read: pending after a timeout, else the decision (approved, applied, failed, rejected or withdrawn)',
            ),
        timedOut: z =>
          z
            .boolean()
            .describe('Whether the request was still pending at the timeout'),
        decidedBy: z =>
          z
            .string()
            .optional()
            .describe('The approver who decided the request'),
        comment: z =>
          z.string().optional().describe("The decision's comment, if any"),
      },
    },
    async handler(ctx) {
      // The scaffolder validates inputs against the JSON schema, which
      // applies no defaults: they are applied here.
      const {
        requestId,
        timeoutSeconds = DEFAULT_WAIT_SECONDS,
        pollIntervalSeconds = DEFAULT_POLL_SECONDS,
        failOnRejected = true,
      } = ctx.input;
      if (ctx.isDryRun && requestId === DRY_RUN_REQUEST_ID) {
        ctx.logger.info(
          `Dry run: would wait up to ${timeoutSeconds}s for the request to be decided`,
        );
        ctx.output('status', 'pending');
        ctx.output('timedOut', false);
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      // A dry run reads once: it must not hold the dry run open.
      const deadline = Date.now() + (ctx.isDryRun ? 0 : timeoutSeconds * 1000);
      let request: PlacementRequestView = await client.getRequest(requestId, {
        credentials,
      });
      while (request.status === 'pending' && Date.now() < deadline) {
        ctx.logger.info(
          `Request ${requestId} for ${request.entityRef} is pending; waiting for an approver`,
        );
        const wait = Math.min(
          pollIntervalSeconds * 1000,
          deadline - Date.now(),
        );
        await sleep(wait, undefined, { signal: ctx.signal });
        request = await client.getRequest(requestId, { credentials });
      }

      const pending = request.status === 'pending';
      const timedOut = pending && !ctx.isDryRun;
      ctx.output('status', request.status);
      ctx.output('timedOut', timedOut);
      if (request.decidedBy) ctx.output('decidedBy', request.decidedBy);
      if (request.comment) ctx.output('comment', request.comment);

      const outcome = `request ${requestId} for ${request.entityRef} was ${
        request.status
      }${request.decidedBy ? ` by ${request.decidedBy}` : ''}${
        request.comment ? `: ${request.comment}` : ''
      }`;
      if (pending && ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: request ${requestId} is pending; a real run would wait up to ${timeoutSeconds}s`,
        );
      } else if (timedOut) {
        ctx.logger.warn(
          `Request ${requestId} is still pending after ${timeoutSeconds}s; it stays open for the approvers`,
        );
      } else if (REFUSED.has(request.status) && failOnRejected) {
        throw new Error(
          `The placement ${outcome}. Change the proposal and file a new request.`,
        );
      } else {
        ctx.logger.info(`The placement ${outcome}`);
      }
    },
  });
}
