import { StatusWarning } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  ClusterObjectRef,
  RequestImpact,
  SyncedObjectRef,
} from '@miniplanes/plugin-miniplanes-common';

function describe(object: SyncedObjectRef): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${
    object.name
  }`;
}

function byCluster<T extends ClusterObjectRef>(objects: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const object of objects) {
    groups.set(object.cluster, [...(groups.get(object.cluster) ?? []), object]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

function ClusterObjects(props: {
  title: string;
  objects: (ClusterObjectRef & { reason: string })[];
}) {
  if (props.objects.length === 0) return null;
  return (
    <div style={{ marginTop: 8 }}>
      <Typography variant="body2">
        <strong>{props.title}</strong>
      </Typography>
      {byCluster(props.objects).map(([cluster, objects]) => (
        <Typography variant="body2" component="div" key={cluster}>
          {cluster}:{' '}
          {objects.map(o => `${describe(o)} (${o.reason})`).join('; ')}
        </Typography>
      ))}
    </div>
  );
}

/**
 * What approving does to the clusters beyond where replicas run: every
 * delete by cluster, the data kept where it no longer belongs, the existing
 * objects taken over and the powerful kinds applied with miniplanes' write
 * access. Computed by the backend at filing from what miniplanes applied.
 */
export function RequestImpactList(props: { impact?: RequestImpact }) {
  const { impact } = props;
  if (!impact) return null;
  const nothing =
    impact.deletes.length === 0 &&
    impact.kept.length === 0 &&
    impact.adoptions.length === 0 &&
    impact.privileged.length === 0;
  if (nothing) {
    return (
      <Typography variant="body2">
        Deletes nothing, takes over nothing, applies no cluster-scoped or
        permission-granting kind.
      </Typography>
    );
  }
  return (
    <div>
      <ClusterObjects title="Deleted on approval" objects={impact.deletes} />
      <ClusterObjects
        title="Kept (data is deleted only by a release)"
        objects={impact.kept}
      />
      {impact.adoptions.length > 0 && (
        <Typography variant="body2" style={{ marginTop: 8 }}>
          <strong>Takes over existing objects:</strong>{' '}
          {impact.adoptions.map(describe).join(', ')}
        </Typography>
      )}
      {impact.privileged.map(p => (
        <Typography
          variant="body2"
          component="div"
          key={`${p.kind}/${p.namespace ?? ''}/${p.name}`}
        >
          <StatusWarning>
            {describe(p)}: {p.reason}
          </StatusWarning>
        </Typography>
      ))}
    </div>
  );
}
