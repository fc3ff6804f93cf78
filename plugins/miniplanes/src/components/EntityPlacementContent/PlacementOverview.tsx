import { InfoCard, Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ClusterDecision,
  FLEET_PROPOSER,
  formatCount,
} from '@miniplanes/plugin-miniplanes-common';
import { ReactNode, useMemo } from 'react';
import { FederatedServiceView } from '../../api';
import { ActorName } from '../ActorName';
import { PolicyVerdict } from '../PolicyVerdict';
import { useRequestsPageLink } from '../useRequestsPageLink';
import { clusterRows } from './clusterRows';
import { ClusterTable } from './ClusterTable';
import { ConnectionsCard } from './ConnectionsCard';
import { DataOperationsCard } from './DataOperationsCard';
import { NotChosenCard } from './NotChosenCard';
import { PlacementHistory } from './PlacementHistory';
import { PlacementWorldMap } from './PlacementWorldMap';
import { RolloutCard } from './RolloutCard';
import { ServiceSyncSummary } from './ServiceSyncSummary';

interface Group {
  jurisdiction: string;
  regions: { region: string; clusters: ClusterDecision[] }[];
}

/** Selected clusters by jurisdiction, then region: where data and replicas are. */
function groupSelected(clusters: ClusterDecision[]): Group[] {
  const byJurisdiction = new Map<string, Map<string, ClusterDecision[]>>();
  for (const cluster of clusters.filter(c => c.selected)) {
    const jurisdiction = cluster.labels.jurisdiction ?? 'unknown jurisdiction';
    const region = cluster.labels.region ?? 'unknown region';
    const regions = byJurisdiction.get(jurisdiction) ?? new Map();
    regions.set(region, [...(regions.get(region) ?? []), cluster]);
    byJurisdiction.set(jurisdiction, regions);
  }
  return [...byJurisdiction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([jurisdiction, regions]) => ({
      jurisdiction,
      regions: [...regions.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([region, list]) => ({ region, clusters: list })),
    }));
}

/** The Placement tab's body for a service that has a decision. */
export function PlacementOverview(props: {
  service: FederatedServiceView;
  /** Shown in the Placement card's header, e.g. "Request change". */
  action?: ReactNode;
  /** Called after someone acted on the rollout, to reload the service. */
  onChanged?: () => void;
}) {
  const { service, action, onChanged } = props;
  const decision = service.decision;
  const groups = useMemo(
    () => groupSelected(decision?.clusters ?? []),
    [decision],
  );
  const rows = useMemo(
    () => clusterRows(decision?.clusters ?? [], service.status),
    [decision, service.status],
  );
  const requestsPage = useRequestsPageLink();
  if (!decision) {
    return <Typography>This service has no placement decision yet.</Typography>;
  }
  const residency = service.spec.spec.data?.residency;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Placement" action={action}>
          <PolicyVerdict decision={decision} />
          <ServiceSyncSummary status={service.status} />
          {residency && (
            <Typography variant="body2">
              Data ({service.spec.spec.data?.classification ?? 'unclassified'})
              must stay in <strong>{residency.join(', ')}</strong>.
            </Typography>
          )}
          <Typography variant="body2">
            {decision.summary
              .map(
                s =>
                  `${s.role}: ${formatCount(s.clusters.length, 'cluster')}${
                    s.role === 'config'
                      ? ''
                      : `, ${formatCount(s.replicas, 'replica')}`
                  }`,
              )
              .join(' · ')}{' '}
            · spec version {service.specVersion}
          </Typography>
        </InfoCard>
      </Grid>
      {service.rollout && (
        <Grid item xs={12}>
          <RolloutCard
            entityRef={service.entityRef}
            rollout={service.rollout}
            onChanged={onChanged ?? (() => {})}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <PlacementWorldMap clusters={decision.clusters} />
      </Grid>
      {groups.map(group => (
        <Grid item xs={12} md={6} lg={4} key={group.jurisdiction}>
          <InfoCard title={`Jurisdiction ${group.jurisdiction}`}>
            {group.regions.map(region => (
              <div key={region.region} style={{ marginBottom: 12 }}>
                <Typography variant="subtitle2">{region.region}</Typography>
                {region.clusters.map(cluster => (
                  <div
                    key={cluster.name}
                    style={{
                      display: 'flex',
                      alignItems: 'center',
                      gap: 8,
                      flexWrap: 'wrap',
                    }}
                  >
                    <Typography variant="body2">
                      <strong>{cluster.name}</strong>
                    </Typography>
                    {cluster.roles.includes('data') && (
                      <Chip
                        size="small"
                        color="secondary"
                        label={`data · ${cluster.replicas.data}`}
                      />
                    )}
                    {cluster.roles.includes('compute') && (
                      <Chip
                        size="small"
                        color="primary"
                        label={`compute · ${cluster.replicas.compute}`}
                      />
                    )}
                  </div>
                ))}
              </div>
            ))}
          </InfoCard>
        </Grid>
      ))}
      <Grid item xs={12}>
        <ClusterTable rows={rows} />
      </Grid>
      {service.connections && (
        <Grid item xs={12}>
          <ConnectionsCard connections={service.connections} />
        </Grid>
      )}
      {service.spec.spec.dataOperations && (
        <Grid item xs={12}>
          <DataOperationsCard service={service} />
        </Grid>
      )}
      {decision.clusters.some(c => !c.selected) && (
        <Grid item xs={12}>
          <NotChosenCard clusters={decision.clusters} />
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Pending requests"
          deepLink={
            requestsPage
              ? {
                  title: 'All requests for this service',
                  link: `${requestsPage}?${new URLSearchParams({
                    entityRef: service.entityRef,
                    status: 'all',
                  })}`,
                }
              : undefined
          }
        >
          {(service.requests ?? []).length === 0 ? (
            <Typography variant="body2">No pending request.</Typography>
          ) : (
            (service.requests ?? []).map(r => (
              <Typography variant="body2" key={r.id}>
                {r.requestedBy === FLEET_PROPOSER ? (
                  'Proposed by miniplanes (data stays where it is until an approver decides)'
                ) : (
                  <ActorName actor={r.requestedBy} />
                )}
                :{' '}
                {requestsPage ? (
                  <Link
                    to={`${requestsPage}?request=${encodeURIComponent(r.id)}`}
                  >
                    {r.reason}
                  </Link>
                ) : (
                  r.reason
                )}{' '}
                {r.stale ? '(stale)' : ''}
              </Typography>
            ))
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <PlacementHistory
          entityRef={service.entityRef}
          history={service.history ?? []}
          olderHistory={service.olderHistory}
        />
      </Grid>
    </Grid>
  );
}
