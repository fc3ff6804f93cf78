import { WarningPanel } from '@backstage/core-components';
import { RequestImpact } from '@miniplanes/plugin-miniplanes-common';

/**
 * The flag approvers cannot miss on a request that grants cluster-wide
 * power: the objects it applies that act on a whole cluster (cluster-scoped
 * RBAC, admission webhooks, CustomResourceDefinitions, PriorityClasses…),
 * each with what it can do. The backend marks them when the request is filed.
 */
export function ClusterWidePowerFlag(props: { impact?: RequestImpact }) {
  const clusterWide =
    props.impact?.privileged.filter(object => object.clusterWide) ?? [];
  if (clusterWide.length === 0) return null;
  return (
    <WarningPanel
      title="Grants cluster-wide power"
      message={`Approving lets miniplanes apply, with its write access to every cluster the service is placed on: ${clusterWide
        .map(o => `${o.kind} ${o.name} (${o.reason})`)
        .join('; ')}.`}
      defaultExpanded
    />
  );
}
