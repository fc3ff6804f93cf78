import { AuditorService } from '@backstage/backend-plugin-api';
import { assertError } from '@backstage/errors';
import { PlacementRequest } from '@miniplanes/plugin-miniplanes-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/** What someone (or the sync, for `complete`) did to a placement request. */
export type RequestAction =
  | 'file'
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'complete';

/**
 * Runs one request transition as an audit event: `placement-request` with the
 * action as `actionType`, a success carrying the request's new status, or a
 * failure carrying why it was refused (denied, not pending, failing checks).
 */
export async function auditRequestAction<T extends PlacementRequest>(
  auditor: AuditorService,
  options: {
    action: RequestAction;
    meta: JsonObject;
    /** The HTTP request, from which the auditor takes the actor; none for the sync. */
    request?: Request;
  },
  transition: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: 'placement-request',
    severityLevel: 'medium',
    request: options.request,
    meta: { actionType: options.action, ...options.meta },
  });
  try {
    const result = await transition();
    await event.success({
      meta: {
        requestId: result.id,
        entityRef: result.entityRef,
        status: result.status,
      },
    });
    return result;
  } catch (error) {
    assertError(error);
    await event.fail({ error });
    throw error;
  }
}
