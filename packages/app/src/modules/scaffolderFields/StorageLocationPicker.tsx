import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import { fetchGovernance, StorageLocation } from './fetchGovernance';
import { LoadedSelectField } from './LoadedSelectField';
import { useLoaded } from './useLoaded';

/** The choice for a service whose data is not backed up. */
export const NO_BACKUPS = '';

/** Jurisdictions a residency allows, with named groups (EU) expanded. */
function allowedBy(residency: string[], groups: Record<string, string[]>) {
  return new Set(residency.flatMap(j => [j, ...(groups[j] ?? [])]));
}

/**
 * `ui:field: StorageLocationPicker`: where the service's data is backed up,
 * among the fleet's storage locations, each with its jurisdiction. A backup
 * is data: a location outside the residency chosen in the form is shown but
 * cannot be picked (miniplanes would refuse the request anyway).
 */
export function StorageLocationPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const { formData } = props;
  const residency: string[] =
    (props.formContext as { formData?: { residency?: string[] } } | undefined)
      ?.formData?.residency ?? [];
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const governance = useLoaded(() =>
    fetchGovernance(discovery.getBaseUrl('miniplanes'), fetch),
  );
  const locations =
    governance.state === 'done' ? governance.value.storageLocations : [];
  const allowed =
    governance.state === 'done' && residency.length > 0
      ? allowedBy(residency, governance.value.jurisdictions)
      : undefined;
  const outside = (l: StorageLocation) =>
    allowed !== undefined && !allowed.has(l.jurisdiction);
  return (
    <LoadedSelectField
      field={props}
      defaultLabel="Back up to"
      loaded={governance}
      value={governance.state === 'done' ? formData ?? NO_BACKUPS : NO_BACKUPS}
    >
      <MenuItem value={NO_BACKUPS}>No backups</MenuItem>
      {locations.map(location => (
        <MenuItem
          key={location.name}
          value={location.name}
          disabled={outside(location)}
        >
          {location.name}: {location.jurisdiction} ({location.provider}
          {location.region ? `, ${location.region}` : ''})
          {outside(location) ? ": outside the data's residency" : ''}
        </MenuItem>
      ))}
    </LoadedSelectField>
  );
}
