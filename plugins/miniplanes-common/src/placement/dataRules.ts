import { expandJurisdictions } from '../model/jurisdictions';
import { FederatedService, Fleet } from '../model/types';
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
