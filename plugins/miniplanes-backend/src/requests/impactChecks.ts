import {
  PolicyCheck,
  RequestImpact,
} from '@miniplanes/plugin-miniplanes-common';

function describe(
  objects: {
    cluster?: string;
    kind: string;
    namespace?: string;
    name: string;
  }[],
): string {
  return objects
    .map(
      o =>
        `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}${
          o.cluster ? ` in ${o.cluster}` : ''
        }`,
    )
    .join(', ');
}

function privilegedMessage(privileged: RequestImpact['privileged']): string {
  if (privileged.length === 0)
    return 'no cluster-scoped or permission-granting kinds';
  const list = (objects: RequestImpact['privileged']) =>
    objects.map(p => `${describe([p])} (${p.reason})`).join('; ');
  const clusterWide = privileged.filter(p => p.clusterWide);
  const inNamespace = privileged.filter(p => !p.clusterWide);
  return [
    ...(clusterWide.length > 0
      ? [
          `grants cluster-wide power with miniplanes' write access: ${list(
            clusterWide,
          )}`,
        ]
      : []),
    ...(inNamespace.length > 0
      ? [`grants power in its namespace: ${list(inNamespace)}`]
      : []),
  ].join('. ');
}

/**
 * The checks approvers read for what a version does beyond placement. They
 * inform rather than block: approving them knowingly is the approver's call.
 */
export function impactChecks(impact: RequestImpact): PolicyCheck[] {
  const released = impact.deletes.filter(d =>
    d.reason.startsWith('retained data'),
  );
  return [
    {
      name: 'deletes',
      passed: true,
      message:
        impact.deletes.length === 0
          ? 'approving deletes nothing'
          : `approving deletes ${describe(impact.deletes)}`,
    },
    {
      name: 'data-release',
      passed: true,
      message:
        released.length === 0
          ? `no data is deleted${
              impact.kept.length > 0
                ? `; kept where no longer placed: ${describe(impact.kept)}`
                : ''
            }`
          : `approving deletes the data this service left behind: ${describe(
              released,
            )}`,
    },
    {
      name: 'adoptions',
      passed: true,
      message:
        impact.adoptions.length === 0
          ? 'takes over no existing object'
          : `takes over existing objects: ${describe(impact.adoptions)}`,
    },
    {
      name: 'privileged',
      passed: true,
      message: privilegedMessage(impact.privileged),
    },
  ];
}
