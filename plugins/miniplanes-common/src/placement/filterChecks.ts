import { FederatedService, ResourceRole } from '../model/types';
import {
  addPosition,
  Bitset,
  BitsetPool,
  emptySet,
  hasPosition,
} from './bitset';
import {
  capabilityFilter,
  healthFilter,
  residencyFilter,
  resourceServedFilter,
  selectorFilter,
  taintFilter,
} from './builtinPlugins';
import { DataRules } from './dataRules';
import { withinGracePeriod } from './failover';
import { FleetBitsets } from './fleetBitsets';
import { FleetIndex } from './fleetIndex';
import {
  inCountries,
  matchingSelector,
  offeringCapabilities,
  servingKinds,
  toleratedTaints,
} from './filterSets';
import { PreviousAtPositions } from './previousAtPositions';
import { FailoverPolicy, PlacementPlugin, ReasonCode } from './types';
import { kindsToServe } from './workloads';

/** A filter's verdict over the whole fleet: the clusters it lets through, and the code of its reasons for the others. */
export interface Check {
  code: ReasonCode;
  pass: Bitset;
}

/** The checks of one service, per role. */
export type ServiceChecks = (role: ResourceRole) => Check[];

/**
 * The built-in filters of a pipeline (all but Capacity, checked cluster by
 * cluster on the survivors) as checks over the fleet's bitsets, in plugin
 * order; Residency gives a Residency check and a Governance check per
 * policy, as its reasons have those codes. Failover makes the health check
 * let through the unhealthy clusters that keep what a role ran there: data
 * for good, compute within the grace period. The checks' sets come from
 * the pool: they serve one evaluation.
 */
export function createFilterChecks(
  { clusters }: FleetIndex,
  sets: FleetBitsets,
  pool: BitsetPool,
  pipeline: {
    builtins: ReadonlySet<PlacementPlugin>;
    failover?: FailoverPolicy;
  },
): (
  service: FederatedService,
  rules: DataRules,
  previous: PreviousAtPositions,
) => ServiceChecks {
  const uses = (plugin: PlacementPlugin) => pipeline.builtins.has(plugin);
  const { failover } = pipeline;
  const inGrace = emptySet(sets.size);
  if (failover) {
    clusters.forEach((cluster, position) => {
      if (withinGracePeriod(cluster, failover)) addPosition(inGrace, position);
    });
  }
  const healthyFor = (role: ResourceRole, previous: PreviousAtPositions) => {
    if (!failover) return sets.healthy;
    const ran = previous.ran(role);
    if (ran.length === 0) return sets.healthy;
    const keeping = pool.copy(sets.healthy);
    for (const position of ran)
      if (role === 'data' || hasPosition(inGrace, position))
        addPosition(keeping, position);
    return keeping;
  };

  // Residencies and governance policies repeat across services: one set each.
  const jurisdictionSets = new Map<string, Bitset>();
  const inJurisdictions = (countries: Set<string>) => {
    const key = [...countries].join(',');
    let set = jurisdictionSets.get(key);
    if (!set) {
      set = inCountries(sets, countries);
      jurisdictionSets.set(key, set);
    }
    return set;
  };

  return (service, rules, previous) => {
    const { placement } = service.spec;
    // The selector, capabilities and taints say the same for every role.
    let shared: Check[] | undefined;
    const sharedChecks = (): Check[] => {
      if (shared) return shared;
      shared = [];
      if (uses(selectorFilter))
        shared.push({
          code: 'Selector',
          pass: matchingSelector(sets, pool, placement.clusterSelector),
        });
      if (uses(capabilityFilter))
        shared.push({
          code: 'Capability',
          pass: offeringCapabilities(sets, pool, placement.requires),
        });
      if (uses(taintFilter))
        shared.push({
          code: 'Taint',
          pass: toleratedTaints(sets, pool, placement.tolerations),
        });
      return shared;
    };

    return role => {
      const checks = [...sharedChecks()];
      if (uses(residencyFilter)) {
        const restricted =
          role === 'data' ||
          (role === 'compute' && !placement.computeOutsideResidency);
        if (restricted && rules.residencyCountries)
          checks.push({
            code: 'Residency',
            pass: inJurisdictions(rules.residencyCountries),
          });
        if (role === 'data')
          for (const rule of rules.governance)
            checks.push({
              code: 'Governance',
              pass: inJurisdictions(rule.countries),
            });
      }
      if (uses(healthFilter))
        checks.push({ code: 'Health', pass: healthyFor(role, previous) });
      if (uses(resourceServedFilter))
        checks.push({
          code: 'ResourceNotServed',
          pass: servingKinds(sets, pool, kindsToServe(service, role)),
        });
      return checks;
    };
  };
}
