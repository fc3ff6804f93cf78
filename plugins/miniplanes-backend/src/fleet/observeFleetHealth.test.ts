import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { ClusterProfile, Fleet } from '@miniplanes/plugin-miniplanes-common';
import { collected } from '../__testUtils__/recordedMetrics';
import { observeFleetHealth } from './observeFleetHealth';

const cluster = (
  name: string,
  health: ClusterProfile['health'],
): ClusterProfile => ({
  name,
  labels: {},
  capabilities: [],
  taints: [],
  capacity: { cpu: 1, memory: 1, gpu: 0 },
  health,
});

describe('observeFleetHealth', () => {
  it("observes each cluster's current health whenever metrics are collected", async () => {
    const metrics = metricsServiceMock.mock();
    let fleet: Pick<Fleet, 'clusters'> = {
      clusters: [
        cluster('us-east', { healthy: true, status: 'Healthy' }),
        cluster('eu-west', { healthy: false, status: 'Unknown' }),
        cluster('from-file', { healthy: false }),
      ],
    };
    observeFleetHealth(metrics, { getFleet: () => fleet });
    const observed = () =>
      collected(metrics, 'miniplanes.fleet.cluster.health');

    expect(metrics.createObservableGauge).toHaveBeenCalledWith(
      'miniplanes.fleet.cluster.health',
      expect.anything(),
    );
    expect(await observed()).toEqual([
      [1, { cluster: 'us-east', status: 'Healthy' }],
      [1, { cluster: 'eu-west', status: 'Unknown' }],
      [1, { cluster: 'from-file', status: 'Unhealthy' }],
    ]);
    // Read again at each collection: a cluster that failed its probes shows.
    fleet = {
      clusters: [cluster('us-east', { healthy: false, status: 'Unhealthy' })],
    };
    expect(await observed()).toEqual([
      [1, { cluster: 'us-east', status: 'Unhealthy' }],
    ]);
  });
});
