import { ResourceInterpreter } from '../interpreters/types';
import { FederatedService, Fleet, ResourceRole } from '../model/types';
import { DataRules } from './dataRules';
import { PlacementContext, PreviousPlacement } from './types';
import { replicaRequests } from './workloads';

/** What the filters and scorers are told of one role of a service. */
export function roleContext(input: {
  service: FederatedService;
  fleet: Fleet;
  role: ResourceRole;
  rules: DataRules;
  previous?: PreviousPlacement;
  /** What tells what one replica of each kind requests (default: the built-in kinds'). */
  interpreters?: readonly ResourceInterpreter[];
}): PlacementContext {
  const { service, fleet, role, rules, previous } = input;
  return {
    service,
    fleet,
    role,
    residencyCountries: rules.residencyCountries,
    governance: rules.governance,
    requests: replicaRequests(service, role, input.interpreters),
    previous,
  };
}
