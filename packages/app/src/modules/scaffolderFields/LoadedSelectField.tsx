import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { ReactNode } from 'react';
import { Loaded } from './useLoaded';

/**
 * The select box of a field whose choices are loaded from the backend:
 * disabled until they are, and saying why when loading them failed.
 */
export function LoadedSelectField(props: {
  field: FieldExtensionComponentProps<string>;
  /** The label when the template's schema has no title. */
  defaultLabel: string;
  loaded: Loaded<unknown>;
  value: string;
  /** What the field says when loading failed; the error's message by default. */
  failure?: (error: Error) => string;
  /** The choices, as MenuItems. */
  children: ReactNode;
}) {
  const { field, loaded, failure = error => error.message } = props;
  const { onChange, required, rawErrors, schema, idSchema } = field;
  return (
    <TextField
      id={idSchema?.$id}
      select
      fullWidth
      margin="normal"
      label={schema.title ?? props.defaultLabel}
      required={required}
      disabled={loaded.state !== 'done'}
      value={props.value}
      onChange={event => onChange(event.target.value as string)}
      error={(rawErrors?.length ?? 0) > 0 || loaded.state === 'failed'}
      helperText={
        loaded.state === 'failed' ? failure(loaded.error) : schema.description
      }
    >
      {props.children}
    </TextField>
  );
}
