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
import { oneLine } from '../cellStyles';
import { ToolPage } from '../ToolPage/ToolPage';
import { DataRulesCard } from './DataRulesCard';
import { ServicesPlacedCell } from './ServicesPlacedCell';
import { SovereigntyChangesTable } from './SovereigntyChangesTable';

/** Headers and short values stay on one line (oneLine); long lists wrap between words only. */
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
  {
    title: 'Jurisdiction',
    render: c => <JurisdictionCell cluster={c} />,
  },
  { title: 'Region', render: c => c.labels.region ?? '—' },
  { title: 'Provider', render: c => c.labels.provider ?? '—' },
  {
    title: 'Capabilities',
    render: c =>
      c.capabilities.map(cap => (
        <Chip key={cap} size="small" label={cap} style={{ margin: 2 }} />
      )),
  },
  { title: 'Taints', render: c => c.taints.map(formatTaint).join(', ') || '—' },
  {
    title: 'Capacity',
    render: c =>
      `${formatCpu(c.capacity.cpu)}, ${formatMemory(c.capacity.memory)}${
        c.capacity.gpu ? `, ${c.capacity.gpu} GPU` : ''
      }`,
  },
  {
    title: 'Connections',
    render: c => <ConnectionsCell cluster={c} />,
  },
  {
    title: 'Operators',
    render: c => c.operators?.join(', ') || '—',
    cellStyle: wrapWords,
  },
  {
    title: 'Services placed',
    render: c => <ServicesPlacedCell services={c.services} />,
    cellStyle: wrapWords,
  },
];

const columns: TableColumn<FleetCluster>[] = baseColumns.map(column => ({
  ...column,
  headerStyle: oneLine,
  cellStyle: column.cellStyle ?? oneLine,
}));

/**
 * How the cluster connects: how its compute reaches data elsewhere (the
 * gateway when the fleet says nothing), its SPIFFE trust domain, its
 * Prometheus.
 */
function ConnectionsCell(props: { cluster: FleetCluster }) {
  const { connections } = props.cluster;
  const lines = [
    `access: ${connections?.serviceAccess ?? 'gateway (default)'}`,
    `SPIFFE: ${connections?.spiffe?.trustDomain ?? 'none'}`,
    `Prometheus: ${connections?.prometheus?.mode ?? 'none'}`,
  ];
  return (
    <>
      {lines.map(line => (
        <div key={line}>{line}</div>
      ))}
    </>
  );
}

/**
 * The jurisdiction, where it comes from, and any an untrusted source offered
 * and the fleet ignored (a catalog entity cannot move a cluster's data rules).
 */
function JurisdictionCell(props: { cluster: FleetCluster }) {
  const { labels, labelSources, ignoredLabels } = props.cluster;
  const source = labelSources?.jurisdiction;
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
        <Table<FleetCluster>
          title={formatCount(value.length, 'cluster')}
          options={{ paging: false, padding: 'dense', tableLayout: 'auto' }}
          columns={columns}
          data={value}
        />
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
