import { clone } from '../kube/clone';
import { Operations } from '../operations/Operations';
import { SYSTEM_CONTEXT } from '../operations/options';

/**
 * What the node lifecycle controller writes when a kubelet stops (or
 * resumes) posting status: the Ready condition, and the unreachable taint.
 */
export function setNodeReady(
  ops: Operations,
  nodeName: string,
  ready: boolean,
) {
  const nodes = ops.registry.find('', 'v1', 'nodes')!;
  const node = ops.get(nodes, undefined, nodeName);
  const next = clone(node) as any;
  const now = ops.clock.timestamp();
  next.status.conditions = next.status.conditions.map((c: any) =>
    c.type === 'Ready'
      ? {
          ...c,
          status: ready ? 'True' : 'Unknown',
          reason: ready ? 'KubeletReady' : 'NodeStatusUnknown',
          message: ready
            ? 'kubelet is posting ready status'
            : 'Kubelet stopped posting node status.',
          lastTransitionTime: now,
        }
      : c,
  );
  const taints = (next.spec.taints ?? []).filter(
    (t: any) => t.key !== 'node.kubernetes.io/unreachable',
  );
  if (!ready)
    taints.push({
      key: 'node.kubernetes.io/unreachable',
      effect: 'NoSchedule',
      timeAdded: now,
    });
  next.spec.taints = taints.length ? taints : undefined;
  const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'node-controller' };
  const updated = ops.update(
    nodes,
    undefined,
    nodeName,
    { ...next, status: node.status },
    ctx,
  );
  ops.update(
    nodes,
    undefined,
    nodeName,
    { ...updated, status: next.status },
    ctx,
    'status',
  );
}
