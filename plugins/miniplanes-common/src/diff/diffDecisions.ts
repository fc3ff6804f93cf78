import { ResourceRole } from '../model/types';
import { PlacementDecision } from '../placement/types';

/** @public */
export interface DecisionChange {
  cluster: string;
  role: ResourceRole;
  before: number;
  after: number;
  kind: 'added' | 'removed' | 'scaled';
}

/** @public */
export interface DecisionDiff {
  /** Replica changes per cluster and role. */
  changes: DecisionChange[];
  /** Clusters that start or stop holding the service's data. */
  dataMoves: { cluster: string; kind: 'added' | 'removed' }[];
  unchanged: boolean;
}

/**
 * What changes between two decisions — which clusters gain or lose replicas
 * or data — as approvers read it. A missing `before` is a first placement.
 *
 * @public
 */
export function diffDecisions(
  before: PlacementDecision | undefined,
  after: PlacementDecision,
): DecisionDiff {
  const names = new Set([
    ...(before?.clusters ?? []).map(c => c.name),
    ...after.clusters.map(c => c.name),
  ]);
  const find = (d: PlacementDecision | undefined, name: string) =>
    d?.clusters.find(c => c.name === name);
  const changes: DecisionChange[] = [];
  const dataMoves: DecisionDiff['dataMoves'] = [];
  for (const name of [...names].sort()) {
    const b = find(before, name);
    const a = find(after, name);
    for (const role of ['data', 'compute', 'config'] as ResourceRole[]) {
      const had = b?.roles.includes(role) ?? false;
      const has = a?.roles.includes(role) ?? false;
      const beforeCount = had ? b!.replicas[role] : 0;
      const afterCount = has ? a!.replicas[role] : 0;
      if (had !== has) {
        changes.push({
          cluster: name,
          role,
          before: beforeCount,
          after: afterCount,
          kind: has ? 'added' : 'removed',
        });
        if (role === 'data')
          dataMoves.push({ cluster: name, kind: has ? 'added' : 'removed' });
      } else if (beforeCount !== afterCount) {
        changes.push({
          cluster: name,
          role,
          before: beforeCount,
          after: afterCount,
          kind: 'scaled',
        });
      }
    }
  }
  return { changes, dataMoves, unchanged: changes.length === 0 };
}
