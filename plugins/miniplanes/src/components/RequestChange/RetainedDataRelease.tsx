import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import { ClusterSyncStatus } from '../../api';
import { describeObjectRef } from '../format';
import { valueAt } from './DocTextField';
import { DocPath, Draft } from './draftDocument';

const RELEASE: DocPath = ['spec', 'data', 'release'];

/**
 * The data the service left on clusters it no longer places its data on,
 * and a box per cluster to delete it once the request is approved
 * (spec.data.release). Nothing when no data is retained anywhere.
 */
export function RetainedDataRelease(props: {
  draft: Draft;
  onSet: (path: DocPath, value: unknown) => void;
  clusters: ClusterSyncStatus[];
  /** The current version's release list: a release acts once, when added. */
  currentRelease: string[];
}) {
  const { draft, onSet, clusters, currentRelease } = props;
  const withData = clusters.filter(c => c.retained.length > 0);
  if (withData.length === 0) return null;
  const current = valueAt(draft.value, RELEASE);
  const released = Array.isArray(current) ? current.map(String) : [];
  const toggle = (cluster: string, checked: boolean) => {
    const next = checked
      ? [...released, cluster]
      : released.filter(c => c !== cluster);
    onSet(RELEASE, next.length > 0 ? next : undefined);
  };
  return (
    <div>
      <Typography variant="subtitle2">Data left on other clusters</Typography>
      <Typography variant="caption" component="p">
        Kept until you ask for its deletion here and an approver agrees. Only
        what is already kept there is deleted; data this request moves away is
        kept, to be released by a later request once its new home is checked.
      </Typography>
      {withData.map(c => (
        <div key={c.cluster}>
          <FormControlLabel
            control={
              <Checkbox
                checked={released.includes(c.cluster)}
                onChange={e => toggle(c.cluster, e.target.checked)}
              />
            }
            label={`Delete what is kept in ${c.cluster}: ${c.retained
              .map(describeObjectRef)
              .join(', ')}`}
          />
          {currentRelease.includes(c.cluster) && (
            <Typography variant="caption" component="p" color="textSecondary">
              {c.cluster} was released by an earlier version, so what is kept
              there now stays: file one request without it, then one with it, to
              delete it.
            </Typography>
          )}
        </div>
      ))}
    </div>
  );
}
