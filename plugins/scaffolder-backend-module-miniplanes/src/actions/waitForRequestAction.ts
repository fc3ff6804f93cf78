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
      'Waits until a placement request is decided (approved, rejected or withdrawn), applied, or a stage of its staged rollout is done, or until a timeout',
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
        until: z =>
          z
            .enum(['decided', 'applied'])
            .optional()
            .describe(
              'decided (the default): until an approver decides; applied: until the clusters took it or it failed — for a staged rollout, the end of its last stage',
            ),
        stage: z =>
          z
            .string()
            .optional()
            .describe(
              'With a staged rollout (spec.rollout): until this stage is completed, after the approval',
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
            .describe(
              'Whether what it waited for had not happened at the timeout (the request still pending, not applied, or the stage not completed)',
            ),
        decidedBy: z =>
          z
            .string()
            .optional()
            .describe('The approver who decided the request'),
        comment: z =>
          z.string().optional().describe("The decision's comment, if any"),
        stageState: z =>
          z
            .string()
            .optional()
            .describe(
              'With stage: the state of that stage at the last read (Completed when reached)',
            ),
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
        until = 'decided',
        stage,
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
      const read = async () => {
        const view = await client.getRequest(requestId, { credentials });
        if (!stage || view.status !== 'approved') return { request: view };
        // The rollout's progress is read with the service, as the initiator.
        const service = await client.getService(view.entityRef, {
          credentials,
        });
        return {
          request: view,
          stageState: service?.rollout?.state?.stages.find(
            s => s.name === stage,
          )?.state,
        };
      };
      const waiting = (r: {
        request: PlacementRequestView;
        stageState?: string;
      }) =>
        r.request.status === 'pending' ||
        (r.request.status === 'approved' &&
          (until === 'applied' ||
            (stage !== undefined && r.stageState !== 'Completed')));
      let last = await read();
      while (waiting(last) && Date.now() < deadline) {
        ctx.logger.info(
          last.request.status === 'pending'
            ? `Request ${requestId} for ${last.request.entityRef} is pending; waiting for an approver`
            : `Request ${requestId} for ${
                last.request.entityRef
              } is approved; waiting for ${
                stage
                  ? `stage ${stage} (${last.stageState ?? 'not started'})`
                  : 'the clusters'
              }`,
        );
        const wait = Math.min(
          pollIntervalSeconds * 1000,
          deadline - Date.now(),
        );
        await sleep(wait, undefined, { signal: ctx.signal });
        last = await read();
      }
      const { request } = last;
      if (stage && last.stageState) ctx.output('stageState', last.stageState);
      if (!ctx.isDryRun && request.status === 'approved' && waiting(last)) {
        ctx.logger.warn(
          `Request ${requestId} is approved but ${
            stage ? `stage ${stage} is not completed` : 'not applied yet'
          } after ${timeoutSeconds}s; the rollout goes on`,
        );
      }

      const pending = request.status === 'pending';
      const timedOut = waiting(last) && !ctx.isDryRun;
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
      } else if (timedOut && pending) {
        ctx.logger.warn(
          `Request ${requestId} is still pending after ${timeoutSeconds}s; it stays open for the approvers`,
        );
      } else if (
        failOnRejected &&
        (REFUSED.has(request.status) ||
          (request.status === 'failed' && (until === 'applied' || stage)))
      ) {
        throw new Error(
          `The placement ${outcome}. Change the proposal and file a new request.`,
        );
      } else {
        ctx.logger.info(`The placement ${outcome}`);
      }
    },
  });
}
