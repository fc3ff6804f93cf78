import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ConnectionState,
  ServiceAccessView,
  ServiceConnectionsView,
} from '@miniplanes/plugin-miniplanes-common';
import { TableHeadRow } from '../TableHeadRow';
import { CLUSTER_SYNC_STATES } from './syncStates';
import { SyncStatusText } from './SyncStatusText';

const PROVIDER_TEXT: Record<ServiceAccessView['provider'], string> = {
  gateway: 'gateway (LoadBalancer)',
  mcs: 'Multi-Cluster Services',
  istio: 'Istio mesh',
};

function State(props: { state: ConnectionState; message?: string }) {
  const { state, message } = props;
  return (
    <>
      <SyncStatusText tone={CLUSTER_SYNC_STATES[state].tone}>
        {CLUSTER_SYNC_STATES[state].label}
      </SyncStatusText>
      {message && (
        <Typography variant="caption" component="div">
          {message}
        </Typography>
      )}
    </>
  );
}

/**
 * How the service's clusters connect: which compute cluster reaches the data
 * in which data cluster, through which provider and address, whether the
 * objects behind it are in sync; the SPIFFE trust federated for it and where
 * the service is monitored, pushed and federated.
 */
export function ConnectionsCard(props: {
  connections: ServiceConnectionsView;
}) {
  const { access, trust, observability } = props.connections;
  return (
    <InfoCard title="Connections">
      {access.length === 0 ? (
        <Typography variant="body2">
          Compute runs next to its data: no cluster reaches another.
        </Typography>
      ) : (
        <Table size="small" aria-label="Service access">
          <TableHeadRow
            titles={[
              'Compute cluster',
              'Data cluster',
              'Provider',
              'Host',
              'Address',
              'State',
            ]}
          />
          <TableBody>
            {access.map(a => (
              <TableRow key={`${a.from}>${a.to}`}>
                <TableCell>{a.from}</TableCell>
                <TableCell>{a.to}</TableCell>
                <TableCell>{PROVIDER_TEXT[a.provider]}</TableCell>
                <TableCell>{a.hosts.join(', ')}</TableCell>
                <TableCell>
                  {a.addresses.join(', ') ||
                    (a.provider === 'mcs' ? 'clusterset IP' : '—')}
                </TableCell>
                <TableCell>
                  <State state={a.state} message={a.message} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Trust (SPIFFE federation)
      </Typography>
      {trust.length === 0 ? (
        <Typography variant="body2">No trust federated.</Typography>
      ) : (
        trust.map(t => (
          <Typography
            variant="body2"
            component="div"
            key={t.clusters.join(' ')}
          >
            {t.clusters[0]} ↔ {t.clusters[1]} ({t.trustDomains.join(' ↔ ')}
            ): <State state={t.state} message={t.message} />
          </Typography>
        ))
      )}
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Observability
      </Typography>
      <Typography variant="body2">
        {observability.monitored.length === 0
          ? 'Not monitored: no Service exposes a metrics port.'
          : `ServiceMonitor in ${observability.monitored
              .map(m => `${m.cluster} (${CLUSTER_SYNC_STATES[m.state].label})`)
              .join(', ')}`}
      </Typography>
      {observability.monitored
        .filter(m => m.remoteWrite)
        .map(m => (
          <Typography variant="body2" component="div" key={m.cluster}>
            {m.cluster} pushes{' '}
            {m.remoteWrite!.aggregatesOnly
              ? 'aggregates only'
              : "the service's series"}{' '}
            to {m.remoteWrite!.url} (PrometheusAgent):{' '}
            <State state={m.state} message={m.message} />
          </Typography>
        ))}
      {observability.federation.map(f => (
        <Typography variant="body2" component="div" key={f.match}>
          Global Prometheus in {f.cluster} federates{' '}
          {f.aggregatesOnly ? 'aggregates only' : "the service's series"} from{' '}
          {f.targets.map(t => t.cluster).join(', ')}:{' '}
          <State state={f.state} message={f.message} />
        </Typography>
      ))}
    </InfoCard>
  );
}
