import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { DataOperationStatus } from '@miniplanes/plugin-miniplanes-common';
import { FederatedServiceView } from '../../api';
import { formatRelativeTime } from '../format';
import { TableHeadRow } from '../TableHeadRow';
import { oneLine } from '../cellStyles';
import { SyncTone } from './syncStates';
import { SyncStatusText } from './SyncStatusText';

/** Velero's and CloudNativePG's words for a backup that is still running. */
const RUNNING = new Set(['New', 'Queued', 'ReadyToStart', 'InProgress']);

/** Completed is ok, a running backup is running, anything else failed. */
function backupTone(phase?: string): SyncTone {
  if (phase === 'Completed') return 'ok';
  return phase && RUNNING.has(phase) ? 'running' : 'error';
}

function BackupResult(props: { operation: DataOperationStatus }) {
  const { lastBackup, stale } = props.operation;
  if (!lastBackup) {
    // Never backed up is stale (unknown is not healthy): one warning, not two lines.
    return stale ? (
      <SyncStatusText tone="warning">stale: never backed up</SyncStatusText>
    ) : (
      <SyncStatusText tone="pending">no backup yet</SyncStatusText>
    );
  }
  return (
    <>
      <SyncStatusText tone={backupTone(lastBackup.phase)}>
        {lastBackup.phase ?? 'unknown'}
      </SyncStatusText>
      {stale && (
        <Typography variant="caption" component="div">
          <SyncStatusText tone="warning">
            stale: no successful backup for longer than allowed
          </SyncStatusText>
        </Typography>
      )}
    </>
  );
}

function Replication(props: { operation?: DataOperationStatus }) {
  const replication = props.operation?.replication;
  if (!replication?.role) return <>—</>;
  return (
    <>
      {replication.role}
      {replication.lagSeconds !== undefined &&
        ` · lag ${replication.lagSeconds} s`}
      {replication.ready === false && ' · not ready'}
    </>
  );
}

/**
 * What the data clusters' operators report of the service's data
 * operations: per data cluster each backup's last run (when, result, where
 * and in which jurisdiction), stale backups flagged, and the replication
 * role and lag. Only for a service that declares data operations.
 */
export function DataOperationsCard(props: { service: FederatedServiceView }) {
  const { service } = props;
  const declared = service.spec.spec.dataOperations;
  if (!declared) return null;
  const backups = (declared.backups ?? []).map(b => `backup:${b.name}`);
  const clusters = (service.decision?.clusters ?? [])
    .filter(c => c.selected && c.roles.includes('data'))
    .map(c => c.name);
  const operationsOf = (cluster: string) =>
    service.status.clusters.find(c => c.cluster === cluster)?.operations ?? [];
  const rows = clusters.flatMap(cluster => {
    const operations = operationsOf(cluster);
    const replication = operations.find(o => o.name === 'replication');
    const names = backups.length ? backups : [undefined];
    return names.map((name, i) => ({
      key: `${cluster} ${name ?? ''}`,
      cluster: i === 0 ? cluster : '',
      backup: name?.slice('backup:'.length),
      operation: operations.find(o => o.name === name),
      replication: i === 0 ? replication : undefined,
      reported: operations.length > 0,
    }));
  });
  return (
    <InfoCard title="Data operations">
      {rows.length === 0 ? (
        <Typography variant="body2">The service holds no data yet.</Typography>
      ) : (
        // Short values on one line; a table wider than the card scrolls.
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Data operations">
            <TableHeadRow
              style={oneLine}
              titles={[
                'Data cluster',
                'Backup',
                'Last backup',
                'Result',
                'Location',
                'Replication',
              ]}
            />
            <TableBody>
              {rows.map(row => {
                const last = row.operation?.lastBackup;
                return (
                  <TableRow key={row.key}>
                    <TableCell style={oneLine}>{row.cluster}</TableCell>
                    <TableCell style={oneLine}>{row.backup ?? '—'}</TableCell>
                    <TableCell style={oneLine}>
                      {last?.time ? (
                        <span title={new Date(last.time).toLocaleString()}>
                          {formatRelativeTime(last.time)}
                        </span>
                      ) : (
                        '—'
                      )}
                    </TableCell>
                    <TableCell>
                      {row.operation ? (
                        <BackupResult operation={row.operation} />
                      ) : (
                        row.backup && (
                          <SyncStatusText tone="pending">
                            not reported yet
                          </SyncStatusText>
                        )
                      )}
                      {row.operation?.message && (
                        <Typography variant="caption" component="div">
                          {row.operation.message}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell style={oneLine}>
                      {last?.location
                        ? `${last.location} (${last.jurisdiction ?? '?'})`
                        : '—'}
                    </TableCell>
                    <TableCell style={oneLine}>
                      {row.reported || !declared.replication ? (
                        <Replication operation={row.replication} />
                      ) : (
                        row.cluster && (
                          <SyncStatusText tone="pending">
                            not reported yet
                          </SyncStatusText>
                        )
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </InfoCard>
  );
}
