import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { RequestsPage } from '../components/RequestsPage/RequestsPage';
import { fakeSignals } from './fakeSignals';
import { renderWithMiniplanes } from './testApp';

/**
 * Renders the requests page at `url` for user:default/pat, the permission
 * framework answering through `permission` (an approver's allowance unless
 * told otherwise). Not awaited by the tests: their next findBy starts waiting
 * at once, so what resolves right after the first render (the identity, a
 * missing link) updates the page while the test waits for it, as it should.
 */
export function renderRequestsPage(
  options: {
    url?: string;
    signals?: SignalApi;
    permission?: PermissionApi;
  } = {},
) {
  const {
    url = '/miniplanes/requests',
    signals = fakeSignals().api,
    permission = mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
  } = options;
  return renderWithMiniplanes(<RequestsPage />, {
    initialRouteEntries: [url],
    apis: [
      [signalApiRef, signals],
      [permissionApiRef, permission],
      mockApis.identity({ userEntityRef: 'user:default/pat' }),
    ],
  });
}
