import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { expandJurisdictions } from '@miniplanes/plugin-miniplanes-common';
import useAsync from 'react-use/esm/useAsync';
import { FleetGovernance, miniplanesApiRef } from '../../api';

/** A jurisdiction, or a group with the countries it stands for (groups of groups too). */
function jurisdictionText(
  jurisdiction: string,
  groups: FleetGovernance['jurisdictions'],
): string {
  if (!groups[jurisdiction]) return jurisdiction;
  const { countries } = expandJurisdictions([jurisdiction], groups);
  return `${jurisdiction} (${[...countries].sort().join(', ')})`;
}

/**
 * The fleet's data rules, as placement enforces them on every service: where
 * each classification of data may live, the jurisdiction groups those rules
 * name, and where backups may be kept. A platform team reads here what an
 * owner's request will be checked against.
 */
export function DataRulesCard() {
  const api = useApi(miniplanesApiRef);
  const { value, loading, error } = useAsync(() => api.getGovernance(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const rules = value!;
  const groups = Object.entries(rules.jurisdictions).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return (
    <InfoCard
      title="Data rules"
      subheader="What placement enforces on data, whatever a service asks for"
    >
      <Typography variant="subtitle2">Governance policies</Typography>
      {rules.items.length === 0 ? (
        <Typography variant="body2" gutterBottom>
          None: data may live wherever its service's residency allows.
        </Typography>
      ) : (
        <ul aria-label="Governance policies" style={{ marginTop: 4 }}>
          {rules.items.map(policy => (
            <li key={policy.classification}>
              <Typography variant="body2">
                <strong>{policy.classification}</strong> data only in{' '}
                {policy.allowedJurisdictions
                  .map(j => jurisdictionText(j, rules.jurisdictions))
                  .join(', ')}
                {policy.description ? `: ${policy.description}` : ''}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {groups.length > 0 && (
        <>
          <Typography variant="subtitle2">Jurisdiction groups</Typography>
          <ul aria-label="Jurisdiction groups" style={{ marginTop: 4 }}>
            {groups.map(([group, members]) => (
              <li key={group}>
                <Typography variant="body2">
                  <strong>{group}</strong>: {members.join(', ')}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      )}
      <Typography variant="subtitle2">Backup locations</Typography>
      {rules.storageLocations.length === 0 ? (
        <Typography variant="body2">
          None: the fleet names no storage location, so no backup can be placed.
        </Typography>
      ) : (
        <ul aria-label="Backup locations" style={{ marginTop: 4 }}>
          {rules.storageLocations.map(location => (
            <li key={location.name}>
              <Typography variant="body2">
                <strong>{location.name}</strong> in {location.jurisdiction}:{' '}
                {location.provider} bucket <code>{location.bucket}</code>
                {location.region ? ` (${location.region})` : ''}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </InfoCard>
  );
}
