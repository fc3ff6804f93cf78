import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import { fetchGovernance } from './fetchGovernance';
import { LoadedSelectField } from './LoadedSelectField';
import { useLoaded } from './useLoaded';

/** The choice for data that no governance policy restricts. */
export const UNREGULATED = 'unregulated';

/**
 * `ui:field: DataClassificationPicker`: the data classifications the fleet's
 * governance knows (the fleet file's and miniplanes.governance), each with
 * where its data may live, and one for unregulated data.
 */
export function DataClassificationPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const { formData } = props;
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const governance = useLoaded(
    async () =>
      (await fetchGovernance(discovery.getBaseUrl('miniplanes'), fetch)).items,
  );
  const policies = governance.state === 'done' ? governance.value : [];
  const regulated = new Set(policies.map(p => p.classification));
  return (
    <LoadedSelectField
      field={props}
      defaultLabel="Data classification"
      loaded={governance}
      value={governance.state === 'done' ? formData ?? '' : ''}
    >
      {policies.map(policy => (
        <MenuItem key={policy.classification} value={policy.classification}>
          {policy.classification}: stored only in{' '}
          {policy.allowedJurisdictions.join(', ')}
          {policy.description ? ` (${policy.description})` : ''}
        </MenuItem>
      ))}
      {!regulated.has(UNREGULATED) && (
        <MenuItem value={UNREGULATED}>
          {UNREGULATED}: no governance policy restricts where it is stored
        </MenuItem>
      )}
    </LoadedSelectField>
  );
}
