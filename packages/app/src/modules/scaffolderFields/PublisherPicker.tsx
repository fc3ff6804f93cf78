import { useApi } from '@backstage/core-plugin-api';
import {
  FieldExtensionComponentProps,
  scaffolderApiRef,
} from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import { useEffect } from 'react';
import { LoadedSelectField } from './LoadedSelectField';
import { useLoaded } from './useLoaded';

/**
 * `ui:field: PublisherPicker`, on a string with an `enum` of publishers
 * (`github`, `local`...): offers only those whose `publish:<name>` action
 * the scaffolder has, so a production backend (no publish:local) offers
 * GitHub alone, and picks the only one when there is one.
 */
export function PublisherPicker(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, schema } = props;
  const scaffolder = useApi(scaffolderApiRef);
  const actions = useLoaded(async () =>
    (await scaffolder.listActions()).map(action => action.id),
  );
  const names = (schema as { enumNames?: string[] }).enumNames ?? [];
  const choices = ((schema.enum ?? []) as string[])
    .map((value, i) => ({ value, label: names[i] ?? value }))
    .filter(
      ({ value }) =>
        actions.state === 'done' && actions.value.includes(`publish:${value}`),
    );
  const only = choices.length === 1 ? choices[0].value : undefined;
  useEffect(() => {
    if (only && formData !== only) onChange(only);
  }, [only, formData, onChange]);
  return (
    <LoadedSelectField
      field={props}
      defaultLabel="Publish to"
      loaded={actions}
      value={choices.find(c => c.value === formData)?.value ?? ''}
      failure={error =>
        `could not list the scaffolder's actions: ${error.message}`
      }
    >
      {choices.map(choice => (
        <MenuItem key={choice.value} value={choice.value}>
          {choice.label}
        </MenuItem>
      ))}
    </LoadedSelectField>
  );
}
