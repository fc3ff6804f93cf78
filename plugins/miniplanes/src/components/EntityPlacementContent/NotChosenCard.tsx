import { InfoCard } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  ClusterDecision,
  formatCount,
} from '@miniplanes/plugin-miniplanes-common';
import { useMemo } from 'react';
import { reasonLabel } from '../ReasonList';
import { rejectionCauses } from './rejectionCauses';

/**
 * "Not chosen": what kept clusters out, cause by cause, with the clusters
 * each kept out. The clusters table has every cluster's own reasons; this
 * card answers what would have to change for the service to go further.
 */
export function NotChosenCard(props: { clusters: ClusterDecision[] }) {
  const rejected = props.clusters.filter(c => !c.selected);
  const causes = useMemo(
    () => rejectionCauses(props.clusters),
    [props.clusters],
  );
  return (
    <InfoCard
      title={`Not chosen (${rejected.length})`}
      subheader="What kept clusters out, cause by cause. The table above has each cluster's own reasons."
    >
      {causes.map(cause => (
        <Typography
          key={`${cause.code} ${cause.role ?? ''}`}
          variant="body2"
          component="div"
        >
          <Chip
            size="small"
            label={reasonLabel(cause)}
            style={{ marginRight: 8, marginBottom: 4 }}
          />
          {formatCount(cause.clusters.length, 'cluster')}:{' '}
          {cause.clusters.join(', ')}
        </Typography>
      ))}
    </InfoCard>
  );
}
