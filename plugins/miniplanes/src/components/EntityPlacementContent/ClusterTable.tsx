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
  /** Takes the width the other columns leave (the reasons'); each other column is as narrow as its content allows. */
  fill?: boolean;
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
  // A region never breaks at its hyphens ("europe-" / "west3").
  {
    title: 'Region',
    render: r => r.decision?.labels.region ?? '—',
    noWrap: true,
  },
  {
    title: 'Data',
    render: r =>
      r.decision?.roles.includes('data')
        ? `yes (${formatCount(r.decision.replicas.data, 'replica')})`
        : 'no',
    noWrap: true,
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
    // The reasons are the longest text: left to the table's own sharing,
    // they got no more room than the sync status beside them.
    fill: true,
  },
];

/** Every column at least this wide: a squeezed column never breaks inside a word. */
const MIN_WIDTH = 80;

/** Markers only when a cluster has one: an empty column takes the reasons' room. */
const withoutMarkers = columns.filter(column => column.title !== 'Markers');

const cellStyle = (column: Column) => ({
  minWidth: column.minWidth ?? MIN_WIDTH,
  // A width of 1% shrinks a column to its content, and a short value needs
  // less room after it than the table's default padding: the filling
  // column takes what they leave.
  width: column.fill ? undefined : '1%',
  paddingRight: column.fill ? undefined : 8,
  whiteSpace: column.noWrap ? ('nowrap' as const) : undefined,
  wordBreak: 'normal' as const,
  overflowWrap: 'normal' as const,
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
                <TableCell key={column.title} style={cellStyle(column)}>
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
