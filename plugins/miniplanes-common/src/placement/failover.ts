import { ClusterProfile } from '../model/types';
import { FailoverPolicy } from './types';

/** Whether an unhealthy cluster still keeps its compute: it became unhealthy less than the grace period ago. */
export function withinGracePeriod(
  cluster: ClusterProfile,
  { gracePeriodMs, now }: FailoverPolicy,
): boolean {
  const since = Date.parse(cluster.health.since ?? '');
  return Number.isFinite(since) && now.getTime() - since < gracePeriodMs;
}
