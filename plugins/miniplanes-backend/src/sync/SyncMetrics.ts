import {
  MetricAttributes,
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
} from '@backstage/backend-plugin-api/alpha';
import {
  ClusterSyncState,
  ObjectSyncState,
} from '@miniplanes/plugin-miniplanes-common';
import { getOrAdd } from '../lib/getOrAdd';
import { SyncShard } from '../store/syncShards';
import { ServiceClusterReport } from './SyncEngine';

type PassAttributes = { shard: string; result: 'completed' | 'failed' };
type WriteAttributes = {
  cluster: string;
  action: 'applied' | 'pruned';
  /** Why an applied object was written; a pruned one has none. */
  reason?: 'missing' | 'changed' | 'drift';
};
type SkipAttributes = { cluster: string; state: ObjectSyncState };
type ServiceSyncAttributes = { cluster: string; state: ClusterSyncState };

/** Adds up a pass's counts by series, so each series gets one add, not one an object. */
class Tally {
  private readonly counts = new Map<
    MetricsServiceCounter<any>,
    Map<string, { attributes: MetricAttributes; n: number }>
  >();

  count<A extends MetricAttributes>(
    counter: MetricsServiceCounter<A>,
    attributes: A,
  ) {
    const series = getOrAdd(this.counts, counter, () => new Map());
    // Each call site builds its attributes in one key order: the values
    // alone tell two series apart.
    getOrAdd(series, Object.values(attributes).join('\u0000'), () => ({
      attributes,
      n: 0,
    })).n += 1;
  }

  flush() {
    for (const [counter, series] of this.counts)
      for (const { attributes, n } of series.values())
        counter.add(n, attributes);
  }
}

/**
 * What the sync tells operators' dashboards and alerts, through Backstage's
 * metrics service (OpenTelemetry). Series are per cluster, never per
 * service: a fleet of 10,000 services must not make 10,000 series.
 */
export class SyncMetrics {
  private readonly passDuration: MetricsServiceHistogram<PassAttributes>;
  private readonly writes: MetricsServiceCounter<WriteAttributes>;
  private readonly skips: MetricsServiceCounter<SkipAttributes>;
  private readonly serviceSyncs: MetricsServiceCounter<ServiceSyncAttributes>;

  constructor(metrics: MetricsService) {
    this.passDuration = metrics.createHistogram(
      'miniplanes.sync.pass.duration',
      {
        description:
          'How long a sync pass of every service of a shard took, with the changes that came during it',
        unit: 's',
        // A settled pass takes well under a second, a large rollout minutes.
        advice: {
          explicitBucketBoundaries: [
            0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
          ],
        },
      },
    );
    this.writes = metrics.createCounter('miniplanes.sync.object.writes', {
      description:
        'Objects the sync wrote to a cluster: applied (missing, changed in the spec, or drifted) or pruned',
    });
    this.skips = metrics.createCounter('miniplanes.sync.object.skips', {
      description:
        "Objects the sync did not write, each pass that met them: another's object in the way (Conflict), or a write refused or failed (Error)",
    });
    this.serviceSyncs = metrics.createCounter('miniplanes.sync.service.syncs', {
      description:
        "Each service's sync in a cluster, by the state it ended in (InSync, Progressing, Drifted, Error, BackingOff)",
    });
  }

  /**
   * What a pass did in each cluster. Every service of a settled pass is
   * counted (20,000 reports at 1,000 services × 20 clusters), so their
   * states are counted in plain maps; writes and skips are few.
   */
  reported(reports: ServiceClusterReport[]) {
    const states = new Map<string, Map<ClusterSyncState, number>>();
    const tally = new Tally();
    for (const { cluster, state, objects } of reports) {
      const counts = getOrAdd(states, cluster, () => new Map());
      counts.set(state, (counts.get(state) ?? 0) + 1);
      for (const object of objects) {
        if (object.action === 'applied') {
          tally.count(this.writes, {
            cluster,
            action: 'applied',
            reason: object.reason ?? 'missing',
          });
        } else if (object.action === 'pruned') {
          tally.count(this.writes, { cluster, action: 'pruned' });
        } else if (object.action === 'skipped') {
          tally.count(this.skips, { cluster, state: object.state });
        }
      }
    }
    for (const [cluster, counts] of states)
      for (const [state, n] of counts)
        this.serviceSyncs.add(n, { cluster, state });
    tally.flush();
  }

  /** A pass of every service of a shard ended, after `seconds`. */
  passEnded(shard: SyncShard, seconds: number, failed: boolean) {
    this.passDuration.record(seconds, {
      shard: `${shard.index + 1}/${shard.count}`,
      result: failed ? 'failed' : 'completed',
    });
  }
}
