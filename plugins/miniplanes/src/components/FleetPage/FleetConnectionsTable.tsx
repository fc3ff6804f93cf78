import { Table, TableColumn } from '@backstage/core-components';
import { FleetCluster } from '../../api';
import { oneLine } from '../cellStyles';

const baseColumns: TableColumn<FleetCluster>[] = [
  { title: 'Cluster', field: 'name' },
  {
    title: 'Service access',
    render: c => c.connections?.serviceAccess ?? 'gateway (default)',
  },
  {
    title: 'SPIFFE trust domain',
    render: c => c.connections?.spiffe?.trustDomain ?? 'none',
  },
  {
    title: 'Prometheus',
    render: c => c.connections?.prometheus?.mode ?? 'none',
  },
  { title: 'Operators', render: c => c.operators?.join(', ') || 'none' },
];

const columns = baseColumns.map(column => ({
  ...column,
  headerStyle: oneLine,
  cellStyle: oneLine,
}));

/**
 * How each cluster connects: how its compute reaches data elsewhere (the
 * gateway when the fleet says nothing), its SPIFFE trust domain, its
 * Prometheus, and the operators it runs. A table of its own: beside the
 * profile and what runs where, it pushed them off a laptop's screen.
 */
export function FleetConnectionsTable(props: { clusters: FleetCluster[] }) {
  return (
    <section aria-label="Connections">
      <Table<FleetCluster>
        title="Connections"
        subtitle="How each cluster's compute reaches data elsewhere, and the operators it runs"
        options={{ paging: false, padding: 'dense', search: false }}
        columns={columns}
        data={props.clusters}
      />
    </section>
  );
}
