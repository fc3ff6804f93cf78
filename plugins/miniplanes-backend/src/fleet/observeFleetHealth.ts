import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { Fleet } from '@miniplanes/plugin-miniplanes-common';

type HealthAttributes = {
  cluster: string;
  status: 'Healthy' | 'Unhealthy' | 'Unknown';
};

/**
 * Reports each cluster's health, as placement sees it, whenever metrics are
 * collected: 1 under its current status. An Unknown cluster is never a
 * placement target, so operators alert on any status but Healthy.
 */
export function observeFleetHealth(
  metrics: MetricsService,
  fleet: { getFleet(): Pick<Fleet, 'clusters'> },
) {
  metrics
    .createObservableGauge<HealthAttributes>(
      'miniplanes.fleet.cluster.health',
      {
        description:
          "Each member cluster's health as placement sees it: 1 under its status (Healthy, Unhealthy, Unknown)",
      },
    )
    .addCallback(result => {
      for (const { name, health } of fleet.getFleet().clusters) {
        result.observe(1, {
          cluster: name,
          // A fleet file's cluster says only whether it is healthy.
          status: health.status ?? (health.healthy ? 'Healthy' : 'Unhealthy'),
        });
      }
    });
}
