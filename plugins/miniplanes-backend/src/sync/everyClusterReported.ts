import { ServiceClusterReport } from './SyncEngine';

/**
 * Gathers a pass's reports as the clusters give them, and hands on a
 * service's once every cluster has reported it. A cluster reports a service
 * once: what it says of it again (every service as failed, once its sync
 * fails) is left to the pass's final reports.
 */
export function everyClusterReported(
  clusters: number,
  complete: (reports: ServiceClusterReport[]) => void,
): (report: ServiceClusterReport) => void {
  const gathered = new Map<string, ServiceClusterReport[]>();
  return report => {
    let reports = gathered.get(report.entityRef);
    if (!reports) {
      reports = [];
      gathered.set(report.entityRef, reports);
    }
    if (reports.length === clusters) return;
    if (reports.some(r => r.cluster === report.cluster)) return;
    reports.push(report);
    if (reports.length === clusters) complete(reports);
  };
}
