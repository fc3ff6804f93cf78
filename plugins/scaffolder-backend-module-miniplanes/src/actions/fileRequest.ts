import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  FederatedService,
  formatCount,
  PlacementDecision,
  REQUEST_STATUSES,
  RequestStatus,
} from '@miniplanes/plugin-miniplanes-common';
import { z } from 'zod/v3';
import { MiniplanesClient } from '../client/MiniplanesClient';

/** The request id a dry run outputs: nothing was filed. */
export const DRY_RUN_REQUEST_ID = 'dry-run';

/** The portal page that shows a request. */
export function requestUrl(id: string): string {
  return `/miniplanes/requests?request=${encodeURIComponent(id)}`;
}

/** What the filing actions output. */
export const fileRequestOutput = {
  requestId: (zImpl: typeof z) =>
    zImpl
      .string()
      .describe(
        `The placement request's id; "${DRY_RUN_REQUEST_ID}" in a dry run`,
      ),
  status: (zImpl: typeof z) =>
    zImpl
      .enum(REQUEST_STATUSES)
      .describe('The request status; a new request is pending'),
  requestUrl: (zImpl: typeof z) =>
    zImpl.string().describe("The request's page in the portal"),
  satisfiable: (zImpl: typeof z) =>
    zImpl
      .boolean()
      .describe(
        'Whether the proposed placement can be met by the fleet; an unsatisfiable request cannot be approved',
      ),
};

type FileRequestOutput = {
  requestId: string;
  status: RequestStatus;
  requestUrl: string;
  satisfiable: boolean;
};

function describeDecision(decision: PlacementDecision): string {
  if (!decision.satisfiable) {
    return `the placement cannot be met: ${decision.unsatisfied
      .map(reason => reason.message)
      .join('; ')}`;
  }
  return decision.summary
    .map(
      s =>
        `${s.role}: ${formatCount(s.replicas, 'replica')} on ${
          s.clusters.join(', ') || 'no cluster'
        }`,
    )
    .join('; ');
}

/**
 * Files a placement request as the template's initiator, or in a dry run
 * previews the proposal instead, so a dry run stores nothing.
 */
export async function fileRequest(
  ctx: ActionContext<any, FileRequestOutput>,
  client: MiniplanesClient,
  request: { entityRef: string; reason: string; spec: FederatedService },
): Promise<void> {
  const credentials = await ctx.getInitiatorCredentials();
  if (ctx.isDryRun) {
    const decision = await client.preview(request.spec, { credentials });
    ctx.logger.info(
      `Dry run: would file a placement request for ${
        request.entityRef
      }; preview: ${describeDecision(decision)}`,
    );
    ctx.output('requestId', DRY_RUN_REQUEST_ID);
    ctx.output('status', 'pending');
    ctx.output('requestUrl', '/miniplanes/requests');
    ctx.output('satisfiable', decision.satisfiable);
    return;
  }

  // A checkpoint, so a task resumed after a restart does not file twice.
  const filed = await ctx.checkpoint({
    key: `file.request.${request.entityRef}`,
    fn: async () => {
      const view = await client.fileRequest(request, { credentials });
      return {
        id: view.id,
        status: view.status,
        satisfiable: view.decision.satisfiable,
        summary: describeDecision(view.decision),
        failedChecks: view.checks
          .filter(check => !check.passed)
          .map(check => `${check.name}: ${check.message}`),
      };
    },
  });
  ctx.logger.info(
    `Filed placement request ${filed.id} for ${request.entityRef} (${filed.status}); preview: ${filed.summary}`,
  );
  if (filed.failedChecks.length > 0) {
    ctx.logger.warn(
      `Request ${
        filed.id
      } fails its policy checks and cannot be approved as it is: ${filed.failedChecks.join(
        '; ',
      )}`,
    );
  }
  ctx.output('requestId', filed.id);
  ctx.output('status', filed.status);
  ctx.output('requestUrl', requestUrl(filed.id));
  ctx.output('satisfiable', filed.satisfiable);
}
