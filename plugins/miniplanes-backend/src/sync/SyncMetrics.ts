import {
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
import { ServiceClusterReport, WrittenObject } from './SyncEngine';

type PassAttributes = { shard: string; result: 'completed' | 'failed' };
type WriteAttributes = {
  cluster: string;
  action: 'applied' | 'pruned';
  /** Why an applied object was written; a pruned one has none. */
  reason?: 'missing' | 'changed' | 'drift';
};
type SkipAttributes = { cluster: string; state: ObjectSyncState };
type ServiceSyncAttributes = { cluster: string; state: ClusterSyncState };

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
   * An object a cluster took, counted as its write is answered: a pass
   * that fails or is stopped later reports no object of that cluster, yet
   * the cluster holds what was written.
   */
  readonly written = (cluster: string, written: WrittenObject) => {
    this.writes.add(
      1,
      written.action === 'applied'
        ? { cluster, action: 'applied', reason: written.reason }
        : { cluster, action: 'pruned' },
    );
  };

  /**
   * How each service's sync ended in each cluster, and the objects it did
   * not write. Every service of a settled pass is counted (20,000 reports at
   * 1,000 services × 20 clusters), so they are added up in plain maps first:
   * one add a series, not one a report.
   */
  reported(reports: ServiceClusterReport[]) {
    const byCluster = new Map<
      string,
      {
        states: Map<ClusterSyncState, number>;
        skips: Map<ObjectSyncState, number>;
      }
    >();
    for (const { cluster, state, objects } of reports) {
      const { states, skips } = getOrAdd(byCluster, cluster, () => ({
        states: new Map(),
        skips: new Map(),
      }));
      states.set(state, (states.get(state) ?? 0) + 1);
      for (const object of objects)
        if (object.action === 'skipped')
          skips.set(object.state, (skips.get(object.state) ?? 0) + 1);
    }
    for (const [cluster, { states, skips }] of byCluster) {
      for (const [state, n] of states)
        this.serviceSyncs.add(n, { cluster, state });
      for (const [state, n] of skips) this.skips.add(n, { cluster, state });
    }
  }

  /** A pass of every service of a shard ended, after `seconds`. */
  passEnded(shard: SyncShard, seconds: number, failed: boolean) {
    this.passDuration.record(seconds, {
      shard: `${shard.index + 1}/${shard.count}`,
      result: failed ? 'failed' : 'completed',
    });
  }
}
