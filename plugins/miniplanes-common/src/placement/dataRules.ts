import { expandJurisdictions } from '../model/jurisdictions';
import { ClusterProfile, FederatedService, Fleet } from '../model/types';
import { residencyFilter } from './builtinPlugins';
import { PlacementContext, Reason } from './types';

/** Where a service's data may live, as the residency filter reads it. */
export interface DataRules {
  residencyCountries: PlacementContext['residencyCountries'];
  governance: NonNullable<PlacementContext['governance']>;
  /** A residency naming an unknown jurisdiction cannot be met: these say why. */
  unknownJurisdictions: Reason[];
}

/** Expands the service's residency and its classification's governance policies into countries. */
export function dataRules(service: FederatedService, fleet: Fleet): DataRules {
  const unknownJurisdictions: Reason[] = [];
  const residency = service.spec.data?.residency;
  let residencyCountries: Set<string> | undefined;
  if (residency?.length) {
    const expanded = expandJurisdictions(residency, fleet.jurisdictions);
    residencyCountries = expanded.countries;
    for (const name of expanded.unknown) {
      unknownJurisdictions.push({
        code: 'Residency',
        message: `unknown jurisdiction ${name}: neither an ISO 3166 country code nor a group in the fleet's jurisdictions`,
      });
    }
  }
  const classification = service.spec.data?.classification;
  const governance = classification
    ? fleet.governance
        .filter(p => p.classification === classification)
        .map(policy => ({
          policy,
          countries: expandJurisdictions(
            policy.allowedJurisdictions,
            fleet.jurisdictions,
          ).countries,
        }))
    : [];
  return { residencyCountries, governance, unknownJurisdictions };
}

/**
 * Why a service's data may not live in a cluster now — its jurisdiction is
 * outside the residency or a governance policy — or an empty list when it
 * may. The same check as placement's, for writers to make at write time.
 *
 * @public
 */
export function dataJurisdictionRefusals(
  service: FederatedService,
  fleet: Fleet,
  cluster: ClusterProfile,
): Reason[] {
  const rules = dataRules(service, fleet);
  return [
    ...rules.unknownJurisdictions,
    ...residencyFilter.filter!(cluster, {
      service,
      fleet,
      role: 'data',
      residencyCountries: rules.residencyCountries,
      governance: rules.governance,
      requests: { cpu: 0, memory: 0, gpu: 0 },
    }),
  ];
}
