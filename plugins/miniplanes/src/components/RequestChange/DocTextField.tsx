import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import { useState } from 'react';
import { DocPath, DraftIssue, pathText } from './draftDocument';

/** The value at `path` in a plain document, if any. */
export function valueAt(value: unknown, path: DocPath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** A DOM id for the field at `path`, so its label names it. */
export function fieldId(path: DocPath): string {
  return `miniplanes-${path.join('-')}`;
}

/** The problems at `path` or below it. */
export function issuesAt(issues: DraftIssue[], path: DocPath): DraftIssue[] {
  const at = pathText(path);
  return issues.filter(
    issue =>
      issue.path === at ||
      issue.path.startsWith(`${at}.`) ||
      issue.path.startsWith(`${at}[`),
  );
}

/**
 * A form field bound to one path of the document. It keeps its own text
 * while the user types (`US, ` must stay as typed), writes the parsed value
 * on every change, and shows the validation problems at its path.
 */
export function DocTextField(
  props: {
    label: string;
    path: DocPath;
    document: unknown;
    issues: DraftIssue[];
    format: (value: unknown) => string;
    parse: (text: string) => unknown;
    onSet: (path: DocPath, value: unknown) => void;
    hint?: string;
  } & Pick<TextFieldProps, 'type'>,
) {
  const { label, path, document, issues, format, parse, onSet, hint } = props;
  const [text, setText] = useState(() => format(valueAt(document, path)));
  const problems = issuesAt(issues, path);
  return (
    <TextField
      id={fieldId(path)}
      label={label}
      value={text}
      type={props.type}
      margin="dense"
      fullWidth
      error={problems.length > 0}
      helperText={
        problems.length > 0
          ? problems.map(p => `${p.path}: ${p.message}`).join('; ')
          : hint
      }
      onChange={e => {
        setText(e.target.value);
        onSet(path, parse(e.target.value));
      }}
    />
  );
}
