import { RequestOutcome } from '../requests/RequestService';
import { ServiceClusterReport } from './SyncEngine';
import { unreachable } from './clusterRecord';

/**
 * What a sync pass makes of the approved request behind a service's current
 * spec: applied once every placed cluster took the spec; failed when a
 * cluster refused part of it (an invalid object, a kind it does not serve, an
 * object someone else owns), since retrying cannot help. Undefined while
 * waiting: a cluster is unreachable or backing off (failover may move the
 * placement), or has no connection yet.
 */
export function requestOutcome(
  placed: string[],
  reports: Map<string, ServiceClusterReport>,
): RequestOutcome | undefined {
  const refusals: string[] = [];
  let waiting = false;
  for (const cluster of placed) {
    const report = reports.get(cluster);
    if (!report || unreachable(report) || report.state === 'BackingOff') {
      waiting = true;
      continue;
    }
    for (const object of report.objects) {
      if (object.state === 'Error' || object.state === 'Conflict') {
        refusals.push(
          object.message ??
            `${object.kind} ${object.name} failed in ${cluster}`,
        );
      }
    }
  }
  if (refusals.length > 0)
    return { status: 'failed', failure: refusals.join('; ') };
  return waiting ? undefined : { status: 'applied' };
}
