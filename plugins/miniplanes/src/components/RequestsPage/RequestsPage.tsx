import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  REQUESTS_SIGNAL_CHANNEL,
  miniplanesRequestDecidePermission,
  REQUEST_STATUSES,
} from '@miniplanes/plugin-miniplanes-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useAsync from 'react-use/esm/useAsync';
import { miniplanesApiRef, RequestStatus } from '../../api';
import { LinkedRequestFrame } from './LinkedRequestFrame';
import { RequestCard } from './RequestCard';
import { useCurrentServices } from './useCurrentServices';
import { ToolPage } from '../ToolPage/ToolPage';
import { useLiveRefresh } from '../useLiveRefresh';

const STATUSES: (RequestStatus | 'all')[] = [...REQUEST_STATUSES, 'all'];

/** The requests shown at first, and how many more each "Show more" adds. */
const PAGE_SIZE = 25;
/** The most the API lists at once. */
const MOST_SHOWN = 500;

/** A status named in the page's link, if it names one the page offers. */
function statusParam(value: string | null): RequestStatus | 'all' | undefined {
  return STATUSES.find(s => s === value);
}

/**
 * The approvers' queue: every placement request with its diff, checks and
 * staleness, approve/reject for those allowed to decide, withdraw for the
 * one who filed it. A link with
 * `?request=<id>` opens the queue of that request's status, with it in view;
 * `?entityRef=<ref>` shows one service's requests only, and `?status=` picks
 * the queue (`all` for every status). The newest 25 are listed; each "Show
 * more" lists 25 more, up to 500 (and more are listed until a linked
 * request is among them).
 *
 * @public
 */
export function RequestsPage() {
  const api = useApi(miniplanesApiRef);
  const identity = useApi(identityApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const linkedId = searchParams.get('request') ?? undefined;
  const entityRef = searchParams.get('entityRef') ?? undefined;
  const linked = useAsync(
    async () => (linkedId ? api.getRequest(linkedId) : undefined),
    [api, linkedId],
  );
  const [chosenStatus, setStatus] = useState<RequestStatus | 'all'>();
  // The newest requests are listed again, more of them, on "Show more":
  // a live refresh then updates every card shown, not only the first page's.
  const [shown, setShown] = useState(PAGE_SIZE);
  // Until the user picks one, the filter shows the status the link names,
  // else the linked request's.
  const status =
    chosenStatus ??
    statusParam(searchParams.get('status')) ??
    linked.value?.status ??
    'pending';
  const [decisionError, setDecisionError] = useState<Error>();
  const decidePermission = usePermission({
    permission: miniplanesRequestDecidePermission,
  });
  const user = useAsync(
    async () => (await identity.getBackstageIdentity()).userEntityRef,
    [identity],
  );
  // Whether the user may decide, and which requests are theirs: until both
  // are known, a card would tell an approver they cannot decide, or offer
  // to approve one's own request.
  const deciderKnown = !decidePermission.loading && !user.loading;
  // Waits for the linked request, so as not to list pending ones first.
  const requests = useAsyncRetry(
    async () =>
      linked.loading
        ? undefined
        : {
            // How many were asked for: the page says whether more follow.
            shown,
            page: await api.listRequests({
              ...(status === 'all' ? {} : { status }),
              ...(entityRef ? { entityRef } : {}),
              limit: shown,
            }),
          },
    [api, status, entityRef, linked.loading, shown],
  );
  useLiveRefresh(REQUESTS_SIGNAL_CHANNEL, requests.retry);
  const listed = requests.value?.page.items;
  const more = requests.value?.page.nextCursor !== undefined;
  // A linked request older than those listed is in this queue further down:
  // list more until it is in view.
  const linkedRequest = linked.value;
  const linkedFurther =
    linkedRequest !== undefined &&
    (status === 'all' || linkedRequest.status === status) &&
    (!entityRef || linkedRequest.entityRef === entityRef) &&
    listed !== undefined &&
    requests.value?.shown === shown &&
    more &&
    !listed.some(r => r.id === linkedRequest.id);
  const showMore = () => setShown(Math.min(shown + PAGE_SIZE, MOST_SHOWN));
  useEffect(() => {
    if (linkedFurther && shown < MOST_SHOWN) showMore();
  });
  const currentService = useCurrentServices(listed);
  return (
    <ToolPage
      title="Placement requests"
      subtitle="Review, approve or reject where services run"
      above={
        <>
          <TextField
            select
            id="request-status-filter"
            label="Status"
            value={status}
            onChange={e => {
              setStatus(e.target.value as RequestStatus | 'all');
              setShown(PAGE_SIZE);
            }}
            style={{ minWidth: 200, marginBottom: 16 }}
          >
            {STATUSES.map(s => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            ))}
          </TextField>
          {entityRef && (
            <Chip
              label={
                <>
                  Service:{' '}
                  <EntityRefLink
                    entityRef={entityRef}
                    defaultKind="component"
                  />
                </>
              }
              onDelete={() => {
                const rest = new URLSearchParams(searchParams);
                rest.delete('entityRef');
                setSearchParams(rest);
                setShown(PAGE_SIZE);
              }}
              style={{ marginLeft: 16, marginTop: 16 }}
            />
          )}
          {linked.error && (
            <WarningPanel
              title={`The linked request ${linkedId} could not be opened`}
              // The server's reason, e.g. that no such request exists.
              message={`${
                linked.error instanceof ResponseError
                  ? linked.error.cause.message
                  : linked.error.message
              }. Showing the ${status} requests instead.`}
              defaultExpanded
            />
          )}
          {decisionError && <ResponseErrorPanel error={decisionError} />}
        </>
      }
      loading={linked.loading || requests.loading || !deciderKnown}
      error={requests.error}
    >
      {listed && listed.length === 0 && (
        <Typography>
          No {status === 'all' ? '' : `${status} `}placement request
          {entityRef ? ' for this service' : ''}.
        </Typography>
      )}
      <Grid container spacing={3}>
        {deciderKnown &&
          listed?.map(request => (
            <Grid item xs={12} lg={6} key={request.id}>
              <LinkedRequestFrame linked={request.id === linkedId}>
                <RequestCard
                  request={request}
                  user={user.value}
                  canDecide={decidePermission.allowed}
                  currentService={currentService(request.entityRef)}
                  onDecide={async (action, comment) => {
                    setDecisionError(undefined);
                    try {
                      await api.decide(
                        request.id,
                        action,
                        comment || undefined,
                      );
                    } catch (error) {
                      setDecisionError(error as Error);
                    }
                    requests.retry();
                  }}
                />
              </LinkedRequestFrame>
            </Grid>
          ))}
      </Grid>
      {deciderKnown && more && (
        <Box
          marginTop={3}
          display="flex"
          alignItems="center"
          style={{ gap: 16 }}
        >
          <Typography color="textSecondary">
            The newest {listed?.length} shown.
          </Typography>
          {shown < MOST_SHOWN ? (
            <Button
              variant="outlined"
              disabled={requests.loading}
              onClick={showMore}
            >
              Show more
            </Button>
          ) : (
            <Typography color="textSecondary">
              Narrow the list by status or service to see older ones.
            </Typography>
          )}
        </Box>
      )}
    </ToolPage>
  );
}
