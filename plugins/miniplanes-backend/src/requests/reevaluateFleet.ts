import { FleetService } from '../fleet/FleetService';
import { PlacementService } from '../placement/PlacementService';
import { RequestService } from './RequestService';

/**
 * What a fleet refresh does: finds and probes the clusters again (recording
 * any change of a cluster's jurisdiction), re-places every service against
 * what it found with its data pinned where the approved version
 * put it (compute may move), and files a proposal wherever the policy would
 * now move data, for owners and approvers to decide.
 */
export async function reevaluateFleet(parts: {
  fleet: FleetService;
  placement: PlacementService;
  requests: RequestService;
}): Promise<void> {
  await parts.fleet.refresh();
  const { dataMoves } = await parts.placement.reevaluateAll();
  await parts.requests.proposeDataMoves(dataMoves);
}
