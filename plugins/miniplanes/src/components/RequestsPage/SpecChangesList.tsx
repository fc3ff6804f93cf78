import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  diffSpecs,
  formatCount,
  SpecChange,
} from '@miniplanes/plugin-miniplanes-common';
import { stringify } from 'yaml';
import { PlacementRequestView } from '../../api';
import { CurrentService } from './useCurrentServices';

/** More than this many changed fields are counted, not listed. */
const LISTED_MAX = 25;

/** Longer values are summed up in the line (and structures shown below it). */
const ONE_LINE_MAX = 80;

/** A structure too long for its line: approvers read it whole, as YAML. */
function isLongStructure(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    JSON.stringify(value).length > ONE_LINE_MAX
  );
}

/** A value as it reads in one line: text quoted, short structures as JSON. */
function describe(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  if (json.length <= ONE_LINE_MAX) return json;
  if (Array.isArray(value))
    return `a list of ${formatCount(value.length, 'item')}`;
  return typeof value === 'object'
    ? 'an object'
    : `${json.slice(0, ONE_LINE_MAX - 3)}...`;
}

/** A long structure, folded under its line: "an object" alone tells nothing. */
function WholeValue(props: { label: string; value: unknown }) {
  if (!isLongStructure(props.value)) return null;
  return (
    <details style={{ marginLeft: 24 }}>
      <summary>
        <Typography variant="caption" component="span">
          {props.label}
        </Typography>
      </summary>
      <pre style={{ margin: '4px 0 8px', fontSize: 12 }}>
        {stringify(props.value)}
      </pre>
    </details>
  );
}

function describeChange(change: SpecChange): string {
  if (change.kind === 'added') return describe(change.after);
  if (change.kind === 'removed') return `was ${describe(change.before)}`;
  return `${describe(change.before)} → ${describe(change.after)}`;
}

/**
 * What a pending request changes in the service's spec, field by field,
 * against the version approving it would replace: the image, a limit or a
 * variable, which the placement diff does not show.
 */
export function SpecChangesList(props: {
  request: PlacementRequestView;
  /** The service's current version, as the page read it. */
  current: CurrentService;
}) {
  const { request, current } = props;
  const base = request.baseSpecVersion;
  if (!base) {
    return (
      <Typography variant="body2">A new service: its first version.</Typography>
    );
  }
  if (current.loading) {
    return (
      <Typography variant="body2" color="textSecondary">
        Comparing with the current version…
      </Typography>
    );
  }
  if (current.error || !current.value) {
    return (
      <Typography variant="body2" color="error">
        Cannot compare with the current version:{' '}
        {current.error?.message ?? 'the service is not found'}
      </Typography>
    );
  }
  const service = current.value;
  const changes = diffSpecs(service.spec, request.spec);
  const against =
    service.specVersion === base
      ? `version ${service.specVersion}`
      : `the current version ${service.specVersion} (filed against version ${base})`;
  if (changes.length === 0) {
    return <Typography variant="body2">The same spec as {against}.</Typography>;
  }
  return (
    <div aria-label="Spec changes">
      <Typography variant="caption" color="textSecondary" component="div">
        Against {against}:
      </Typography>
      {changes.slice(0, LISTED_MAX).map(change => (
        <Typography variant="body2" component="div" key={change.path}>
          <Chip
            size="small"
            label={change.kind}
            color={change.kind === 'removed' ? 'secondary' : 'primary'}
            style={{ marginRight: 8 }}
          />
          <code>{change.path}</code>: {describeChange(change)}
          <WholeValue
            label={
              change.kind === 'changed'
                ? 'the whole value before'
                : 'the whole value'
            }
            value={change.before}
          />
          <WholeValue
            label={
              change.kind === 'changed'
                ? 'the whole value after'
                : 'the whole value'
            }
            value={change.after}
          />
        </Typography>
      ))}
      {changes.length > LISTED_MAX && (
        <Typography variant="body2" color="textSecondary">
          and {formatCount(changes.length - LISTED_MAX, 'more field')}
        </Typography>
      )}
    </div>
  );
}
