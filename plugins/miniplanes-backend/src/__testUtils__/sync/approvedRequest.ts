import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { RequestService } from '../../requests/RequestService';

/** Who files and who approves unless a test says: two people, as approval requires. */
export const OWNER = 'user:default/kim';
export const APPROVER = 'user:default/pat';

/** Files a request for the spec and approves it as someone else; gives the request as approved. */
export async function approvedRequest(
  requests: RequestService,
  spec: FederatedService,
  options: { reason?: string; requestedBy?: string; approvedBy?: string } = {},
) {
  const filed = await requests.file({
    entityRef: spec.metadata.entityRef,
    reason: options.reason ?? 'test',
    spec,
    requestedBy: options.requestedBy ?? OWNER,
  });
  return requests.approve(filed.id, options.approvedBy ?? APPROVER);
}
