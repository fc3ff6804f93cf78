import { InfoCard } from '@backstage/core-components';
import { formatCount } from '@miniplanes/plugin-miniplanes-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { memo, ReactNode, useMemo } from 'react';
import { ReasonList } from '../ReasonList';
import { ClusterRow } from './clusterRows';
import {
  hasMarkers,
  MarkersCell,
  ReadyCell,
  SyncCell,
} from './ClusterSyncCells';

type Column = {
  title: string;
  render: (row: ClusterRow) => ReactNode;
  minWidth?: number;
  /** Short values stay on one line; only the reasons wrap. */
  noWrap?: boolean;
};

const columns: Column[] = [
  { title: 'Cluster', render: r => r.name, noWrap: true },
  {
    title: 'Jurisdiction',
    render: r => r.decision?.labels.jurisdiction ?? '—',
    noWrap: true,
  },
  { title: 'Region', render: r => r.decision?.labels.region ?? '—' },
  {
    title: 'Data',
    render: r =>
      r.decision?.roles.includes('data')
        ? `yes (${formatCount(r.decision.replicas.data, 'replica')})`
        : 'no',
  },
  {
    title: 'Compute replicas',
    render: r =>
      r.decision?.roles.includes('compute') ? r.decision.replicas.compute : 0,
  },
  { title: 'Ready', render: r => <ReadyCell sync={r.sync} />, noWrap: true },
  { title: 'Sync', render: r => <SyncCell sync={r.sync} />, minWidth: 120 },
  {
    title: 'Markers',
    render: r => <MarkersCell sync={r.sync} />,
  },
  {
    title: 'Why',
    render: r =>
      r.decision ? (
        <ReasonList reasons={r.decision.reasons} />
      ) : (
        'No longer in the fleet; miniplanes still keeps its sync record.'
      ),
    minWidth: 280,
  },
];

/** Every column at least this wide: a squeezed column never breaks inside a word. */
const MIN_WIDTH = 80;

/** Markers only when a cluster has one: an empty column takes the reasons' room. */
const withoutMarkers = columns.filter(column => column.title !== 'Markers');

const cellStyle = (column: Column) => ({
  minWidth: column.minWidth ?? MIN_WIDTH,
  whiteSpace: column.noWrap ? ('nowrap' as const) : undefined,
  wordBreak: 'normal' as const,
  overflowWrap: 'normal' as const,
});

/** Headers stay on one line; the table scrolls sideways instead. */
const headerStyle = (column: Column) => ({
  ...cellStyle(column),
  whiteSpace: 'nowrap' as const,
});

// Memoized: re-rendering the table re-renders only the rows that changed.
const ClusterTableRow = memo(function ClusterTableRowView(props: {
  row: ClusterRow;
  columns: Column[];
}) {
  return (
    <TableRow>
      {props.columns.map(column => (
        <TableCell key={column.title} style={cellStyle(column)}>
          {column.render(props.row)}
        </TableCell>
      ))}
    </TableRow>
  );
});

/**
 * "Every cluster, and why": the decision and sync status of every cluster.
 * A plain table, not Backstage's Table: a fleet of hundreds of clusters must
 * render at once, without paging, and stay fast.
 */
export const ClusterTable = memo(function ClusterTableView(props: {
  rows: ClusterRow[];
}) {
  const markers = useMemo(
    () => props.rows.some(row => hasMarkers(row.sync)),
    [props.rows],
  );
  const shown = markers ? columns : withoutMarkers;
  return (
    <InfoCard title="Every cluster, and why" noPadding>
      {/* Wide fleets scroll sideways rather than squeezing the short columns. */}
      <div style={{ overflowX: 'auto' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              {shown.map(column => (
                <TableCell key={column.title} style={headerStyle(column)}>
                  {column.title}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {props.rows.map(row => (
              <ClusterTableRow key={row.name} row={row} columns={shown} />
            ))}
          </TableBody>
        </Table>
      </div>
    </InfoCard>
  );
});
