import { KubeObject } from '../kube/types';
import { ControllerContext } from './ControllerContext';
import { isActive } from './podState';
import { nodeAllocatable, podRequests, Resources } from './quantity';
import { clone } from '../kube/clone';

type Obj = Record<string, any>;
const MANAGER = 'default-scheduler';

const nodeReady = (node: Obj) =>
  (node.status?.conditions ?? []).some(
    (c: Obj) => c.type === 'Ready' && c.status === 'True',
  );

function tolerates(pod: Obj, taint: Obj) {
  return (pod.spec?.tolerations ?? []).some((t: Obj) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function fitsSelector(pod: Obj, node: Obj) {
  const labels = node.metadata.labels ?? {};
  return Object.entries(pod.spec?.nodeSelector ?? {}).every(
    ([k, v]) => labels[k] === v,
  );
}

/** Counts a pod's requests against its node. */
function addUsage(
  used: Map<string, Resources>,
  nodeName: string,
  req: Resources,
) {
  const u = used.get(nodeName) ?? { cpu: 0, memory: 0, gpu: 0, pods: 0 };
  used.set(nodeName, {
    cpu: u.cpu + req.cpu,
    memory: u.memory + req.memory,
    gpu: u.gpu + req.gpu,
    pods: u.pods + 1,
  });
}

/** What nodes have left: allocatable minus what active pods bound to them request. */
export function nodeUsage(ctx: ControllerContext): Map<string, Resources> {
  const used = new Map<string, Resources>();
  for (const pod of ctx.ops.select(ctx.pods, undefined)) {
    const nodeName = (pod.spec as Obj)?.nodeName;
    if (!nodeName || !isActive(pod)) continue;
    addUsage(used, nodeName, podRequests(pod));
  }
  return used;
}

/**
 * Binds pending pods to nodes where their cpu, memory and GPU requests fit,
 * honouring nodeSelector and NoSchedule taints; spreads by picking the least
 * loaded node. Pods that fit nowhere stay Pending with PodScheduled=False.
 */
export function schedulePods(
  ctx: ControllerContext,
  pending: KubeObject[],
): KubeObject[] {
  const unschedulable: KubeObject[] = [];
  if (!pending.length) return unschedulable;
  const nodes = ctx.ops.select(ctx.nodes, undefined) as Obj[];
  const used = nodeUsage(ctx);
  for (const pod of pending as Obj[]) {
    const req = podRequests(pod);
    const reasons = new Map<string, number>();
    const note = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    let best: { node: Obj; load: number } | undefined;
    for (const node of nodes) {
      if (!nodeReady(node) || node.spec?.unschedulable) {
        note('node(s) were unschedulable or not ready');
        continue;
      }
      const blocking = (node.spec?.taints ?? []).find(
        (t: Obj) =>
          ['NoSchedule', 'NoExecute'].includes(t.effect) && !tolerates(pod, t),
      );
      if (blocking) {
        note(
          `node(s) had untolerated taint {${blocking.key}: ${
            blocking.value ?? ''
          }}`,
        );
        continue;
      }
      if (!fitsSelector(pod, node)) {
        note("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      const alloc = nodeAllocatable(node);
      const u = used.get(node.metadata.name) ?? {
        cpu: 0,
        memory: 0,
        gpu: 0,
        pods: 0,
      };
      const short = [
        u.cpu + req.cpu > alloc.cpu + 1e-9 && 'Insufficient cpu',
        u.memory + req.memory > alloc.memory && 'Insufficient memory',
        u.gpu + req.gpu > alloc.gpu && 'Insufficient nvidia.com/gpu',
        u.pods + 1 > alloc.pods && 'Too many pods',
      ].filter(Boolean) as string[];
      if (short.length) {
        short.forEach(note);
        continue;
      }
      const load = alloc.cpu ? u.cpu / alloc.cpu + u.pods / alloc.pods : u.pods;
      if (!best || load < best.load) best = { node, load };
    }
    if (best) {
      const nodeName = best.node.metadata.name;
      const next = clone(pod);
      next.spec.nodeName = nodeName;
      next.status = {
        ...next.status,
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastTransitionTime: ctx.ops.clock.timestamp(),
          },
        ],
      };
      const bound = ctx.update(ctx.pods, next as KubeObject, MANAGER);
      if (bound) {
        addUsage(used, nodeName, req);
        ctx.writeStatus(
          ctx.pods,
          bound,
          {
            ...(bound.status as Obj),
            conditions: [
              {
                type: 'PodScheduled',
                status: 'True',
                lastProbeTime: null,
                lastTransitionTime: ctx.ops.clock.timestamp(),
              },
            ],
          },
          MANAGER,
        );
        ctx.event(
          bound,
          'Scheduled',
          `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
          'Normal',
          MANAGER,
        );
      }
    } else {
      unschedulable.push(pod as KubeObject);
      const message = `0/${nodes.length} nodes are available: ${[
        ...reasons.entries(),
      ]
        .map(([r, n]) => `${n} ${r}`)
        .join(', ')}.`;
      const already = (pod.status?.conditions ?? []).find(
        (c: Obj) => c.type === 'PodScheduled',
      );
      if (already?.message === message) continue;
      ctx.writeStatus(
        ctx.pods,
        pod as KubeObject,
        {
          ...pod.status,
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message,
              lastProbeTime: null,
              lastTransitionTime: ctx.ops.clock.timestamp(),
            },
          ],
        },
        MANAGER,
      );
      ctx.event(
        pod as KubeObject,
        'FailedScheduling',
        message,
        'Warning',
        MANAGER,
      );
    }
  }
  return unschedulable;
}
