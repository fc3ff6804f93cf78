import Button from '@material-ui/core/Button';
import Grid, { GridProps } from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ComponentProps, useState } from 'react';
import { ClusterSyncStatus } from '../../api';
import { DocPath, Draft } from './draftDocument';
import { DocTextField, fieldId, issuesAt, valueAt } from './DocTextField';
import {
  countField,
  formatLabels,
  listField,
  parseLabels,
  textField,
  tolerationsField,
} from './formFields';
import { RetainedDataRelease } from './RetainedDataRelease';

const PLACEMENT: DocPath = ['spec', 'placement'];
const REPLICAS: DocPath = [...PLACEMENT, 'replicas'];
const SPREAD: DocPath = [...PLACEMENT, 'spread'];
const OVERRIDES: DocPath = ['spec', 'overrides'];

/** A field's own props: where it writes, what it is called and how its text reads. */
type Field = Omit<
  ComponentProps<typeof DocTextField>,
  'document' | 'issues' | 'onSet'
>;

/** The fields above the replicas, a line each. */
const RULE_FIELDS: Field[] = [
  {
    ...listField,
    label: 'Data residency (jurisdictions)',
    hint: 'Where data may live, e.g. US or EU',
    path: ['spec', 'data', 'residency'],
  },
  {
    ...listField,
    label: 'Required capabilities',
    hint: 'Every chosen cluster must have these, e.g. storage, gpu',
    path: [...PLACEMENT, 'requires'],
  },
  {
    ...tolerationsField,
    label: 'Tolerations',
    hint: 'e.g. spot, or dedicated=db:NoSchedule',
    path: [...PLACEMENT, 'tolerations'],
  },
];

/** The spread's fields, a third of a row each. */
const SPREAD_FIELDS: Field[] = [
  {
    ...textField,
    label: 'Spread by (label)',
    hint: 'e.g. region',
    path: [...SPREAD, 'by'],
  },
  { ...countField, label: 'Spread min', path: [...SPREAD, 'min'] },
  { ...countField, label: 'Spread max', path: [...SPREAD, 'max'] },
];

/** An override's fields, each with its share of the row; paths from the override. */
const OVERRIDE_FIELDS: (Field & { width: GridProps })[] = [
  {
    label: 'Clusters (labels)',
    hint: 'e.g. region=us-east-1; blank for every cluster',
    path: ['clusters', 'matchLabels'],
    format: formatLabels,
    parse: text => parseLabels(text) ?? {},
    width: { xs: 12, sm: 5 },
  },
  { ...textField, label: 'Image', path: ['image'], width: { xs: 12, sm: 4 } },
  {
    ...countField,
    label: 'Replicas',
    path: ['replicas'],
    width: { xs: 8, sm: 2 },
  },
];

type Edit = {
  draft: Draft;
  onSet: (path: DocPath, value: unknown) => void;
};

function ReplicasMode(props: Edit) {
  const { draft, onSet } = props;
  const mode = valueAt(draft.value, [...REPLICAS, 'mode']);
  const problems = issuesAt(draft.issues, [...REPLICAS, 'mode']);
  return (
    <TextField
      id={fieldId([...REPLICAS, 'mode'])}
      select
      label="Replicas mode"
      value={typeof mode === 'string' ? mode : ''}
      margin="dense"
      fullWidth
      error={problems.length > 0}
      helperText={problems.map(p => p.message).join('; ') || undefined}
      onChange={e =>
        e.target.value
          ? onSet([...REPLICAS, 'mode'], e.target.value)
          : onSet(REPLICAS, undefined)
      }
    >
      <MenuItem value="">As the manifests say</MenuItem>
      <MenuItem value="Duplicated">
        Duplicated (total in every cluster)
      </MenuItem>
      <MenuItem value="Divided">Divided (total across clusters)</MenuItem>
    </TextField>
  );
}

function Overrides(
  props: Edit & { onAppend: (path: DocPath, item: unknown) => void },
) {
  const { draft, onSet, onAppend } = props;
  // Rows keep their own text: renumber them when the list changes shape.
  const [revision, setRevision] = useState(0);
  const overrides = valueAt(draft.value, OVERRIDES);
  const list = Array.isArray(overrides) ? overrides : [];
  const field = { document: draft.value, issues: draft.issues, onSet };
  return (
    <>
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Overrides
      </Typography>
      {list.map((override, index) => {
        const at = [...OVERRIDES, index];
        const more = ['patches', 'env', 'labels', 'resource'].filter(
          key => override && typeof override === 'object' && key in override,
        );
        return (
          <Grid container spacing={2} key={`${revision}-${index}`}>
            {OVERRIDE_FIELDS.map(({ width, ...own }) => (
              <Grid item {...width} key={own.label}>
                <DocTextField {...field} {...own} path={[...at, ...own.path]} />
              </Grid>
            ))}
            <Grid item xs={4} sm={1}>
              <Button
                size="small"
                aria-label={`Remove override ${index + 1}`}
                onClick={() => {
                  onSet(at, undefined);
                  setRevision(r => r + 1);
                }}
              >
                Remove
              </Button>
            </Grid>
            {more.length > 0 && (
              <Grid item xs={12}>
                <Typography variant="caption">
                  Also sets {more.join(', ')}: edit those in the YAML.
                </Typography>
              </Grid>
            )}
          </Grid>
        );
      })}
      <Button
        size="small"
        onClick={() => {
          onAppend(OVERRIDES, { clusters: { matchLabels: {} } });
          setRevision(r => r + 1);
        }}
      >
        Add override
      </Button>
    </>
  );
}

/**
 * The placement's common fields. Each edits the draft's YAML in place; what
 * the form does not show (selectors, weights, patches, resources) is edited
 * in the YAML tab.
 */
export function PlacementForm(
  props: Edit & {
    onAppend: (path: DocPath, item: unknown) => void;
    /** The service's sync status per cluster, for the data it left behind. */
    clusters?: ClusterSyncStatus[];
    /** The current version's spec.data.release. */
    currentRelease?: string[];
  },
) {
  const { draft, onSet } = props;
  if (!draft.document) {
    return (
      <Typography color="error">
        The YAML cannot be read; fix it in the Edit YAML tab to use the form.
      </Typography>
    );
  }
  const field = { document: draft.value, issues: draft.issues, onSet };
  return (
    <div>
      {RULE_FIELDS.map(own => (
        <DocTextField key={own.label} {...field} {...own} />
      ))}
      <Grid container spacing={2}>
        <Grid item xs={6}>
          <DocTextField
            {...field}
            {...countField}
            label="Replicas total"
            path={[...REPLICAS, 'total']}
          />
        </Grid>
        <Grid item xs={6}>
          <ReplicasMode draft={draft} onSet={onSet} />
        </Grid>
        {SPREAD_FIELDS.map(own => (
          <Grid item xs={4} key={own.label}>
            <DocTextField {...field} {...own} />
          </Grid>
        ))}
      </Grid>
      <Overrides {...props} />
      <RetainedDataRelease
        draft={draft}
        onSet={onSet}
        clusters={props.clusters ?? []}
        currentRelease={props.currentRelease ?? []}
      />
    </div>
  );
}
