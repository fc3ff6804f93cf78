import {
  Progress,
  StatusError,
  StatusWarning,
} from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import Typography from '@material-ui/core/Typography';
import {
  diffDecisions,
  PlacementDecision,
} from '@miniplanes/plugin-miniplanes-common';
import { useMemo } from 'react';
import { DecisionDiffList } from '../DecisionDiffList';
import { PolicyVerdict } from '../PolicyVerdict';
import { oneLine } from '../cellStyles';
import { TableHeadRow } from '../TableHeadRow';
import { PreviewClusterRow } from './PreviewClusterRow';
import { PlacementPreview } from './usePlacementPreview';

function SourceLine(props: { preview: PlacementPreview }) {
  const { preview } = props;
  if (preview.serverError) {
    return (
      <StatusError>
        The server could not preview this draft: {preview.serverError.message}
      </StatusError>
    );
  }
  if (preview.source === 'server') {
    if (preview.browserBlocker) {
      return (
        <Typography variant="caption">
          Evaluated by the server ({preview.browserBlocker}).
        </Typography>
      );
    }
    // When the answers differ, the warning below says so.
    return preview.serverDiffers ? null : (
      <Typography variant="caption">Confirmed by the server.</Typography>
    );
  }
  return (
    <Typography variant="caption">
      {preview.source === 'browser'
        ? 'Evaluated in the browser; confirming with the server…'
        : `Asking the server${
            preview.browserBlocker ? ` (${preview.browserBlocker})` : ''
          }…`}
    </Typography>
  );
}

/** The decision the draft would get, what changes against today's, and why for every cluster. */
export function DecisionPreview(props: {
  preview: PlacementPreview;
  current?: PlacementDecision;
}) {
  const { preview, current } = props;
  const { decision, serverDiffers } = preview;
  const diff = useMemo(
    () => decision && diffDecisions(current, decision),
    [current, decision],
  );
  const before = useMemo(
    () => new Map((current?.clusters ?? []).map(c => [c.name, c])),
    [current],
  );
  return (
    <div>
      <SourceLine preview={preview} />
      {serverDiffers && (
        <div style={{ margin: '8px 0' }}>
          <StatusWarning>
            The server's answer differs from the in-browser preview; the
            server's is shown
            {serverDiffers.satisfiable
              ? '.'
              : ' (the server finds the policy cannot be met).'}
          </StatusWarning>
          {serverDiffers.changes.map(change => (
            <Typography
              variant="body2"
              key={`${change.cluster}-${change.role}`}
            >
              {change.cluster}: {change.role} {change.before} in the browser,{' '}
              {change.after} on the server
            </Typography>
          ))}
        </div>
      )}
      {!decision && preview.serverPending && <Progress />}
      {decision && diff && (
        <>
          <PolicyVerdict decision={decision} />
          <Typography variant="subtitle2" style={{ marginTop: 12 }}>
            What changes
          </Typography>
          <DecisionDiffList diff={diff} />
          <Table size="small" style={{ marginTop: 12 }}>
            <TableHeadRow
              titles={['Cluster', 'Data', 'Compute', 'Why']}
              style={oneLine}
            />
            <TableBody>
              {decision.clusters.map(cluster => (
                <PreviewClusterRow
                  key={cluster.name}
                  cluster={cluster}
                  before={before.get(cluster.name)}
                />
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </div>
  );
}
