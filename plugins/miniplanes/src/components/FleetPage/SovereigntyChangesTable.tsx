import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { miniplanesApiRef, SovereigntyChange } from '../../api';
import { formatDateTime } from '../format';
import { oneLine } from '../cellStyles';

const baseColumns: TableColumn<SovereigntyChange>[] = [
  {
    title: 'When',
    render: c => <span title={c.at}>{formatDateTime(c.at)}</span>,
  },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Label', field: 'label' },
  { title: 'From', render: c => c.from ?? '(none: first seen)' },
  { title: 'To', render: c => c.to ?? '(none: no source sets it)' },
  { title: 'Set by', field: 'source' },
];

const columns = baseColumns.map(column => ({
  ...column,
  headerStyle: oneLine,
  cellStyle: oneLine,
}));

/**
 * Every change of a cluster's jurisdiction the fleet recorded, newest first:
 * each one re-checked every service, so a platform team can see when and by
 * whose source the ground under its data rules moved.
 */
export function SovereigntyChangesTable() {
  const api = useApi(miniplanesApiRef);
  const { value, loading, error } = useAsync(
    () => api.getSovereigntyChanges(),
    [api],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<SovereigntyChange>
      title="Jurisdiction changes"
      subtitle="Each change re-checks every service against the fleet's data rules"
      options={{
        paging: true,
        pageSize: 10,
        emptyRowsWhenPaging: false,
        padding: 'dense',
        search: false,
      }}
      columns={columns}
      data={value ?? []}
      emptyContent={<div style={{ padding: 16 }}>No change recorded yet.</div>}
    />
  );
}
