import { KubeObject } from '../kube/types';
import { ControllerContext } from './ControllerContext';
import { deletionOrder, isActive, isReady } from './podState';
import { clone } from '../kube/clone';

type Obj = Record<string, any>;
const MANAGER = 'kube-controller-manager';

/** Keeps a ReplicaSet's pod count at spec.replicas and reports it in status. */
export function reconcileReplicaSet(ctx: ControllerContext, rs: KubeObject) {
  const rsType = ctx.type('apps', 'replicasets');
  const spec = rs.spec as Obj;
  const pods = ctx.owned(ctx.pods, rs).filter(isActive);
  const desired = rs.metadata.deletionTimestamp ? 0 : spec.replicas ?? 1;
  if (pods.length < desired) {
    for (let i = pods.length; i < desired; i++) {
      const template = spec.template ?? {};
      const pod = ctx.create(
        ctx.pods,
        rs.metadata.namespace,
        {
          metadata: {
            generateName: `${rs.metadata.name}-`,
            labels: { ...(template.metadata?.labels ?? {}) },
            annotations: template.metadata?.annotations,
            ownerReferences: [ctx.ownerReference(rs)],
          },
          spec: clone(template.spec ?? {}),
        },
        MANAGER,
      );
      if (pod) {
        pods.push(pod);
        ctx.event(rs, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      }
    }
  } else if (pods.length > desired) {
    const victims = [...pods]
      .sort(deletionOrder)
      .slice(0, pods.length - desired);
    for (const pod of victims) {
      ctx.delete(ctx.pods, pod, MANAGER);
      ctx.event(rs, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    }
  }
  const current = ctx.owned(ctx.pods, rs).filter(isActive);
  const ready = current.filter(isReady).length;
  ctx.writeStatus(
    rsType,
    rs,
    {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    },
    MANAGER,
  );
}
