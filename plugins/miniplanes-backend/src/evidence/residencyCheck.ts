import {
  dataJurisdictionRefusals,
  FederatedService,
  Fleet,
  ResidencyCheck,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Whether a cluster with these labels may hold the service's data: its
 * residency and every governance policy of its classification, checked as
 * placement and the sync check them, and said in words an auditor reads.
 */
export function residencyCheck(
  spec: FederatedService,
  fleet: Fleet,
  cluster: string,
  labels: Record<string, string>,
): ResidencyCheck {
  const refusals = dataJurisdictionRefusals(spec, fleet, {
    name: cluster,
    labels,
    capabilities: [],
    taints: [],
    capacity: { cpu: 0, memory: 0, gpu: 0 },
    health: { healthy: true },
  });
  const { jurisdiction } = labels;
  const base = jurisdiction ? { jurisdiction } : {};
  if (refusals.length > 0) {
    return {
      ...base,
      passed: false,
      message: refusals.map(r => r.message).join('; '),
    };
  }
  const rules = [
    ...(spec.spec.data?.residency?.length
      ? [`residency [${spec.spec.data.residency.join(', ')}]`]
      : []),
    ...fleet.governance
      .filter(g => g.classification === spec.spec.data?.classification)
      .map(
        g =>
          `${g.classification} governance [${g.allowedJurisdictions.join(
            ', ',
          )}]`,
      ),
  ];
  return {
    ...base,
    passed: true,
    message:
      rules.length > 0
        ? `jurisdiction ${jurisdiction ?? '(none)'} is within ${rules.join(
            ' and ',
          )}`
        : 'no residency or governance restricts this data',
  };
}
