import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  miniplanesRequestDecidePermission,
  REQUEST_STATUSES,
} from '@miniplanes/plugin-miniplanes-common';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useAsync from 'react-use/esm/useAsync';
import { miniplanesApiRef, RequestStatus } from '../../api';
import { RequestCard } from './RequestCard';

const STATUSES: (RequestStatus | 'all')[] = [...REQUEST_STATUSES, 'all'];

/**
 * The approvers' queue: every placement request with its diff, checks and
 * staleness, and approve/reject for those allowed to decide.
 *
 * @public
 */
export function RequestsPage() {
  const api = useApi(miniplanesApiRef);
  const identity = useApi(identityApiRef);
  const [status, setStatus] = useState<RequestStatus | 'all'>('pending');
  const [decisionError, setDecisionError] = useState<Error>();
  const { allowed: canDecide } = usePermission({
    permission: miniplanesRequestDecidePermission,
  });
  const user = useAsync(
    async () => (await identity.getBackstageIdentity()).userEntityRef,
    [identity],
  );
  const requests = useAsyncRetry(
    () => api.listRequests(status === 'all' ? {} : { status }),
    [api, status],
  );
  return (
    <Page themeId="tool">
      <Header
        title="Placement requests"
        subtitle="Review, approve or reject where services run"
      />
      <Content>
        <TextField
          select
          id="request-status-filter"
          label="Status"
          value={status}
          onChange={e => setStatus(e.target.value as RequestStatus | 'all')}
          style={{ minWidth: 200, marginBottom: 16 }}
        >
          {STATUSES.map(s => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        {decisionError && <ResponseErrorPanel error={decisionError} />}
        {requests.loading && <Progress />}
        {requests.error && <ResponseErrorPanel error={requests.error} />}
        {requests.value && requests.value.length === 0 && (
          <Typography>
            No {status === 'all' ? '' : `${status} `}placement request.
          </Typography>
        )}
        <Grid container spacing={3}>
          {requests.value?.map(request => (
            <Grid item xs={12} lg={6} key={request.id}>
              <RequestCard
                request={request}
                user={user.value}
                canDecide={canDecide}
                onDecide={async (action, comment) => {
                  setDecisionError(undefined);
                  try {
                    await api.decide(request.id, action, comment || undefined);
                  } catch (error) {
                    setDecisionError(error as Error);
                  }
                  requests.retry();
                }}
              />
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
