import { ClusterProfile, FederatedService } from '../model/types';
import { ClusterLines } from './clusterLines';
import { ServicePlan } from './planPlacement';
import { FleetIndex } from './fleetIndex';
import { ClusterDecision, PlacementDecision } from './types';

/**
 * The full decision of a plan: one line per fleet cluster, sorted by name,
 * every reason with its message.
 */
export function spellOutDecision(
  plan: ServicePlan,
  service: FederatedService,
  { clusters }: FleetIndex,
): PlacementDecision {
  const clusterLines = new ClusterLines(plan, service);
  const lines: ClusterDecision[] = new Array(clusters.length);
  for (let position = 0; position < clusters.length; position++)
    lines[position] = clusterLines.decide(clusters[position], position);
  return {
    satisfiable: plan.unsatisfied.length === 0,
    clusters: lines,
    // Copies: a plan may be shared with other services' decisions.
    unsatisfied: plan.unsatisfied.map(reason => ({ ...reason })),
    summary: plan.summary.map(role => ({
      ...role,
      clusters: [...role.clusters],
    })),
  };
}

/** One cluster's line of the decision: its replicas, its reasons, its score. */
export function decideCluster(
  plan: ServicePlan,
  service: FederatedService,
  cluster: ClusterProfile,
  position: number,
): ClusterDecision {
  return new ClusterLines(plan, service).decide(cluster, position);
}
