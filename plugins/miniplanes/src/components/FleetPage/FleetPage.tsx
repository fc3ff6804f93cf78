import {
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { formatTaint, formatCount } from '@miniplanes/plugin-miniplanes-common';
import useAsync from 'react-use/esm/useAsync';
import { FleetCluster, miniplanesApiRef } from '../../api';
import { formatCpu, formatDateTime, formatMemory } from '../format';
import { oneLine, unbroken } from '../cellStyles';
import { ToolPage } from '../ToolPage/ToolPage';
import { DataRulesCard } from './DataRulesCard';
import { FleetConnectionsTable } from './FleetConnectionsTable';
import { ServicesPlacedCell } from './ServicesPlacedCell';
import { SovereigntyChangesTable } from './SovereigntyChangesTable';

/** Long lists wrap between words only. */
const wrapWords = {
  minWidth: 160,
  wordBreak: 'normal' as const,
  overflowWrap: 'normal' as const,
};

const baseColumns: TableColumn<FleetCluster>[] = [
  { title: 'Cluster', field: 'name' },
  // Second: health is what a platform team scans the fleet for first.
  {
    title: 'Health',
    render: c => <HealthCell cluster={c} />,
    cellStyle: wrapWords,
  },
  { title: 'Where', render: c => <WhereCell cluster={c} /> },
  // Before the profile's details: what runs where is what the page is for.
  {
    title: 'Services placed',
    render: c => <ServicesPlacedCell services={c.services} />,
    cellStyle: wrapWords,
  },
  {
    title: 'Capacity',
    // Each amount whole; a narrow column breaks the line between them.
    render: c =>
      [
        formatCpu(c.capacity.cpu),
        formatMemory(c.capacity.memory),
        ...(c.capacity.gpu ? [`${c.capacity.gpu} GPU`] : []),
      ]
        .map(unbroken)
        .join(', '),
    cellStyle: { ...wrapWords, minWidth: 90 },
  },
  {
    title: 'Capabilities and taints',
    render: c => <CapabilitiesCell cluster={c} />,
  },
];

// A long title ("Capabilities and taints") may take two lines, never
// breaking inside a word; short values stay on one.
const columns: TableColumn<FleetCluster>[] = baseColumns.map(column => ({
  ...column,
  headerStyle: { wordBreak: 'normal', overflowWrap: 'normal' },
  cellStyle: column.cellStyle ?? oneLine,
}));

/**
 * The jurisdiction, where it comes from, and any an untrusted source offered
 * and the fleet ignored (a catalog entity cannot move a cluster's data
 * rules); then its region and provider.
 */
function WhereCell(props: { cluster: FleetCluster }) {
  const { labels, labelSources, ignoredLabels } = props.cluster;
  const source = labelSources?.jurisdiction;
  const located = [labels.region, labels.provider].filter(Boolean).join(' · ');
  return (
    <>
      <div>{labels.jurisdiction ?? '—'}</div>
      {source && (
        <Typography variant="caption" display="block">
          from {source}
        </Typography>
      )}
      {ignoredLabels
        ?.filter(i => i.label === 'jurisdiction')
        .map(i => (
          <Typography
            key={i.value}
            variant="caption"
            display="block"
            color="error"
            title={i.reason}
          >
            ignored {i.value}: untrusted source
          </Typography>
        ))}
      {located && <div>{located}</div>}
    </>
  );
}

/** What the cluster offers (chips), and what it keeps away unless tolerated. */
function CapabilitiesCell(props: { cluster: FleetCluster }) {
  const { capabilities, taints } = props.cluster;
  if (!capabilities.length && !taints.length) return <>—</>;
  return (
    <>
      {capabilities.map(cap => (
        <Chip key={cap} size="small" label={cap} style={{ margin: 2 }} />
      ))}
      {taints.map(taint => (
        <div key={formatTaint(taint)}>taint {formatTaint(taint)}</div>
      ))}
    </>
  );
}

/** Unknown is not healthy: a cluster never reached is shown as unknown, never as a target. */
function HealthCell(props: { cluster: FleetCluster }) {
  const { health } = props.cluster;
  const detail = `${
    health.since ? ` since ${formatDateTime(health.since)}` : ''
  }${health.message ? `: ${health.message}` : ''}`;
  if (health.healthy) return <StatusOK>healthy</StatusOK>;
  if (health.status === 'Unknown')
    return <StatusPending>unknown{detail}</StatusPending>;
  return <StatusError>unhealthy{detail}</StatusError>;
}

/**
 * Every member cluster with its profile, capacity, health and what runs there.
 *
 * @public
 */
export function FleetPage() {
  const api = useApi(miniplanesApiRef);
  const { value, loading, error } = useAsync(() => api.getClusters(), [api]);
  return (
    <ToolPage
      title="Fleet"
      subtitle="The member clusters miniplanes places services on"
      loading={loading}
      error={error}
    >
      {value && (
        <section aria-label="Clusters">
          <Table<FleetCluster>
            title={formatCount(value.length, 'cluster')}
            options={{ paging: false, padding: 'dense', tableLayout: 'auto' }}
            columns={columns}
            data={value}
          />
        </section>
      )}
      {value && (
        <Box mt={3}>
          <FleetConnectionsTable clusters={value} />
        </Box>
      )}
      <Box mt={3}>
        <DataRulesCard />
      </Box>
      <Box mt={3}>
        <SovereigntyChangesTable />
      </Box>
    </ToolPage>
  );
}
