import { Link, ResponseErrorPanel } from '@backstage/core-components';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { stringify } from 'yaml';
import {
  FederatedServiceView,
  miniplanesApiRef,
  PlacementRequestView,
} from '../../api';
import { DecisionPreview } from './DecisionPreview';
import { RolloutPlanList } from '../RolloutPlanList';
import { IssueList } from './IssueList';
import { PlacementForm } from './PlacementForm';
import { useDraft } from './useDraft';
import { usePlacementPreview } from './usePlacementPreview';
import { useRequestsPageLink } from '../useRequestsPageLink';

interface Props {
  entityRef: string;
  service: FederatedServiceView;
  onClose: () => void;
  onFiled: (request: PlacementRequestView) => void;
}

function Filed(props: { request: PlacementRequestView; onClose: () => void }) {
  const { request, onClose } = props;
  const requestsPage = useRequestsPageLink();
  return (
    <>
      <DialogContent>
        <Typography variant="body1" gutterBottom>
          Request <strong>{request.id}</strong> was filed; it is{' '}
          {request.status}.
        </Typography>
        {requestsPage && (
          <Link to={requestsPage}>See it on the Placement requests page</Link>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </>
  );
}

/** The editor, the live preview, the reason and the submit button. */
function RequestChangeEditor(props: Props) {
  const { entityRef, service, onClose, onFiled } = props;
  const api = useApi(miniplanesApiRef);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<Error>();
  const [filed, setFiled] = useState<PlacementRequestView>();
  const { draft, setText, setField, appendItem } = useDraft(
    stringify(service.spec),
    entityRef,
  );
  const fleet = useAsync(() => api.getClusters(), [api]);
  // Without them, a draft with classified data waits for the server.
  const rules = useAsync(() => api.getGovernance(), [api]);
  const preview = usePlacementPreview({
    service: draft.service,
    clusters: fleet.value,
    governance: rules.value,
    current: service.decision,
  });

  if (filed) return <Filed request={filed} onClose={onClose} />;

  const submit = async () => {
    if (!draft.service) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const request = await api.fileRequest({
        entityRef,
        reason: reason.trim(),
        spec: draft.service,
      });
      setFiled(request);
      onFiled(request);
    } catch (error) {
      setSubmitError(error as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <DialogContent dividers>
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <Tabs
              value={tab}
              onChange={(_, value) => setTab(value)}
              indicatorColor="primary"
            >
              <Tab value="form" label="Placement" />
              <Tab value="yaml" label="Edit YAML" />
            </Tabs>
            {tab === 'form' ? (
              <PlacementForm
                draft={draft}
                onSet={setField}
                onAppend={appendItem}
                clusters={service.status.clusters}
                currentRelease={service.spec.spec.data?.release ?? []}
              />
            ) : (
              <TextField
                id="miniplanes-request-yaml"
                label="FederatedService (YAML)"
                value={draft.text}
                onChange={e => setText(e.target.value)}
                multiline
                minRows={20}
                fullWidth
                margin="dense"
                variant="outlined"
                inputProps={{
                  spellCheck: false,
                  style: { fontFamily: 'monospace', fontSize: 13 },
                }}
              />
            )}
            <IssueList issues={draft.issues} />
          </Grid>
          <Grid item xs={12} md={6}>
            <Typography variant="h6">Preview</Typography>
            {fleet.error && (
              <Typography variant="caption" component="div">
                The fleet could not be loaded ({fleet.error.message}); the
                server evaluates every change.
              </Typography>
            )}
            {draft.service ? (
              <>
                <DecisionPreview preview={preview} current={service.decision} />
                {preview.decision && (
                  <RolloutPlanList
                    spec={draft.service}
                    decision={preview.decision}
                  />
                )}
              </>
            ) : (
              <Typography variant="body2">
                Fix the document's problems to see where it would place the
                service.
              </Typography>
            )}
          </Grid>
        </Grid>
        <TextField
          id="miniplanes-request-reason"
          label="Reason"
          required
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Why should the placement change? Approvers read this."
          fullWidth
          margin="normal"
        />
        {submitError && <ResponseErrorPanel error={submitError} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!draft.service || !reason.trim() || submitting}
          onClick={submit}
        >
          Submit request
        </Button>
      </DialogActions>
    </>
  );
}

/**
 * Edits a service's placement, previews the decision it would get as the
 * user types, and files the change as a placement request.
 */
export function RequestChangeDialog(props: Props & { open: boolean }) {
  const { open, ...rest } = props;
  return (
    <Dialog
      open={open}
      onClose={rest.onClose}
      fullWidth
      maxWidth="lg"
      aria-labelledby="miniplanes-request-change-title"
    >
      <DialogTitle id="miniplanes-request-change-title">
        Request a placement change for{' '}
        <EntityDisplayName entityRef={rest.entityRef} hideIcon />
      </DialogTitle>
      {/* Mounted only while open: each opening starts from the current spec. */}
      {open && <RequestChangeEditor {...rest} />}
    </Dialog>
  );
}
