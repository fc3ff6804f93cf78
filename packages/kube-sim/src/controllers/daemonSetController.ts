import { KubeObject } from '../kube/types';
import { ControllerContext } from './ControllerContext';
import { isActive, isReady } from './podState';
import { clone } from '../kube/clone';

type Obj = Record<string, any>;
const MANAGER = 'kube-controller-manager';

function eligible(ds: Obj, node: Obj) {
  const ready = (node.status?.conditions ?? []).some(
    (c: Obj) => c.type === 'Ready' && c.status === 'True',
  );
  const selector = ds.spec?.template?.spec?.nodeSelector ?? {};
  const labels = node.metadata.labels ?? {};
  const tolerations = ds.spec?.template?.spec?.tolerations ?? [];
  const tainted = (node.spec?.taints ?? []).some(
    (t: Obj) =>
      t.effect === 'NoSchedule' &&
      !tolerations.some((x: Obj) =>
        x.operator === 'Exists' ? !x.key || x.key === t.key : x.key === t.key,
      ),
  );
  return (
    ready &&
    !tainted &&
    Object.entries(selector).every(([k, v]) => labels[k] === v)
  );
}

/** One pod per eligible node, with the status fields the portal reads. */
export function reconcileDaemonSet(ctx: ControllerContext, ds: KubeObject) {
  if (ds.metadata.deletionTimestamp) return;
  const dsType = ctx.type('apps', 'daemonsets');
  const spec = ds.spec as Obj;
  const nodes = ctx.ops
    .select(ctx.nodes, undefined)
    .filter(n => eligible(ds as Obj, n as Obj));
  const pods = ctx.owned(ctx.pods, ds).filter(isActive);
  const wanted = new Set(nodes.map(n => n.metadata.name));
  for (const pod of pods) {
    if (!wanted.has((pod.spec as Obj).nodeName))
      ctx.delete(ctx.pods, pod, MANAGER);
  }
  for (const node of nodes) {
    if (pods.some(p => (p.spec as Obj).nodeName === node.metadata.name))
      continue;
    ctx.create(
      ctx.pods,
      ds.metadata.namespace,
      {
        metadata: {
          generateName: `${ds.metadata.name}-`,
          labels: { ...(spec.template?.metadata?.labels ?? {}) },
          ownerReferences: [ctx.ownerReference(ds)],
        },
        spec: {
          ...clone(spec.template?.spec ?? {}),
          nodeName: node.metadata.name,
        },
      },
      MANAGER,
    );
  }
  const current = ctx.owned(ctx.pods, ds).filter(isActive);
  const ready = current.filter(isReady).length;
  ctx.writeStatus(
    dsType,
    ds,
    {
      observedGeneration: ds.metadata.generation,
      desiredNumberScheduled: nodes.length,
      currentNumberScheduled: current.length,
      updatedNumberScheduled: current.length,
      numberReady: ready,
      numberAvailable: ready,
      numberMisscheduled: 0,
      ...(nodes.length - ready > 0
        ? { numberUnavailable: nodes.length - ready }
        : {}),
    },
    MANAGER,
  );
}
