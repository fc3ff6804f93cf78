import { ResourceRole } from '../model/types';
import { RoleOutcome } from './roleOutcome';
import { Reason, ReasonCode } from './types';

/** Which code best sums up a rejection when several reject as many clusters: hard rules first. */
const SEVERITY: ReasonCode[] = [
  'Governance',
  'Residency',
  'Health',
  'Capability',
  'Taint',
  'Selector',
  'Capacity',
  'ResourceNotServed',
  'Spread',
  'Selected',
];

/** Why a role went nowhere: how many clusters each code rejected, the dominant code first. */
export function explainNoCluster(
  outcome: RoleOutcome,
  fleetSize: number,
  requestsUnknown: string | undefined,
): Reason {
  const counts = new Map<ReasonCode, number>();
  for (let position = 0; position < outcome.reasons.length; position++) {
    const list = outcome.reasons[position];
    for (let i = 0; i < list.length; i++) {
      const { code } = list[i];
      // Each code once per cluster.
      let counted = false;
      for (let before = 0; before < i && !counted; before++)
        counted = list[before].code === code;
      if (!counted) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  return noClusterReason(outcome.role, counts, fleetSize, requestsUnknown);
}

/**
 * The reason a role went nowhere, from how many clusters had a reason of
 * each code (codes that rejected none left out). When what a replica
 * requests is unknown and capacity rejected clusters, it says why.
 */
export function noClusterReason(
  role: ResourceRole,
  counts: Map<ReasonCode, number>,
  fleetSize: number,
  requestsUnknown?: string,
): Reason {
  const dominant = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || SEVERITY.indexOf(a[0]) - SEVERITY.indexOf(b[0]),
  );
  const why =
    requestsUnknown !== undefined && counts.has('Capacity')
      ? ` (${requestsUnknown})`
      : '';
  const detail = `${dominant
    .map(([code, n]) => `${n} ${code}`)
    .join(', ')}${why}`;
  return {
    code: dominant[0]?.[0] ?? 'Spread',
    role,
    message:
      fleetSize === 0
        ? `no cluster can take ${role}: the fleet is empty`
        : `no cluster can take ${role}: of ${fleetSize} clusters, rejected by ${
            detail || 'nothing'
          }`,
  };
}
