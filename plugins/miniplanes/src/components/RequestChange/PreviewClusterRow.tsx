import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import {
  ClusterDecision,
  ResourceRole,
} from '@miniplanes/plugin-miniplanes-common';
import { memo } from 'react';
import { ReasonList } from '../ReasonList';
import { oneLine } from '../cellStyles';

function sameCluster(a?: ClusterDecision, b?: ClusterDecision): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.name === b.name &&
    a.selected === b.selected &&
    a.replicas.data === b.replicas.data &&
    a.replicas.compute === b.replicas.compute &&
    a.replicas.config === b.replicas.config &&
    a.reasons.length === b.reasons.length &&
    a.reasons.every(
      (r, i) =>
        r.code === b.reasons[i].code &&
        r.message === b.reasons[i].message &&
        r.role === b.reasons[i].role,
    )
  );
}

interface Props {
  cluster: ClusterDecision;
  /** The cluster in the current decision, to show what changes. */
  before?: ClusterDecision;
}

/** Replicas of one role here, and how that changes against today. */
function RoleCell(props: Props & { resourceRole: ResourceRole }) {
  const { cluster, before, resourceRole } = props;
  const text = (c?: ClusterDecision) =>
    c?.roles.includes(resourceRole) ? String(c.replicas[resourceRole]) : '—';
  const after = text(cluster);
  const was = text(before);
  return (
    <TableCell style={oneLine}>
      {was === after ? (
        after
      ) : (
        <strong>
          {was} → {after}
        </strong>
      )}
    </TableCell>
  );
}

/**
 * One cluster of the previewed decision. Every edit gives a new decision
 * object, so rows compare by content and only the clusters whose outcome
 * changed render again.
 */
export const PreviewClusterRow = memo(
  function ClusterRow(props: Props) {
    const { cluster } = props;
    return (
      <TableRow selected={cluster.selected}>
        <TableCell style={oneLine}>
          <strong>{cluster.name}</strong>
          <br />
          {[cluster.labels.jurisdiction, cluster.labels.region]
            .filter(Boolean)
            .join(' · ')}
        </TableCell>
        <RoleCell {...props} resourceRole="data" />
        <RoleCell {...props} resourceRole="compute" />
        <TableCell>
          <ReasonList reasons={cluster.reasons} />
        </TableCell>
      </TableRow>
    );
  },
  (a, b) =>
    sameCluster(a.cluster, b.cluster) && sameCluster(a.before, b.before),
);
