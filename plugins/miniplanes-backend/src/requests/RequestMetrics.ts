import {
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
  MetricsServiceObservableGauge,
} from '@backstage/backend-plugin-api/alpha';
import { RequestStatus } from '@miniplanes/plugin-miniplanes-common';

type Outcome = Extract<RequestStatus, 'applied' | 'failed'>;

/**
 * What placement requests tell operators' dashboards, through Backstage's
 * metrics service (OpenTelemetry): how many reach each status, how many wait
 * for an approver, and how long an approved one takes to reach the clusters.
 */
export class RequestMetrics {
  private readonly moves: MetricsServiceCounter<{ status: RequestStatus }>;
  private readonly toOutcome: MetricsServiceHistogram<{ status: Outcome }>;
  private readonly pending: MetricsServiceObservableGauge;

  constructor(metrics: MetricsService) {
    this.moves = metrics.createCounter('miniplanes.requests.moves', {
      description:
        'Placement requests that reached a status: pending (filed), approved, rejected, withdrawn, applied or failed',
    });
    this.pending = metrics.createObservableGauge(
      'miniplanes.requests.pending',
      {
        description: 'Placement requests waiting for an approver',
      },
    );
    this.toOutcome = metrics.createHistogram(
      'miniplanes.requests.approval_to_outcome.duration',
      {
        description:
          'From a request approved to every cluster holding it (applied), or to its failure',
        unit: 's',
        // Applied within seconds; a staged rollout's gates take hours, and
        // an approved request fails a day after (miniplanes.requests).
        advice: {
          explicitBucketBoundaries: [
            0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400,
          ],
        },
      },
    );
  }

  /**
   * Reports how many requests wait for an approver whenever metrics are
   * collected (every replica reports the same count: read their max).
   */
  observePending(count: () => Promise<number>) {
    this.pending.addCallback(async result => {
      result.observe(await count());
    });
  }

  /**
   * A request has just reached `status`, at `now`; `approvedAt` tells how
   * long an outcome took from its approval.
   */
  moved(status: RequestStatus, now: Date, approvedAt?: string) {
    this.moves.add(1, { status });
    if ((status === 'applied' || status === 'failed') && approvedAt) {
      this.toOutcome.record((now.getTime() - Date.parse(approvedAt)) / 1000, {
        status,
      });
    }
  }
}
