import { KubeObject } from '../kube/types';
import { ControllerContext, templateHash } from './ControllerContext';
import { isActive, isReady } from './podState';
import { clone } from '../kube/clone';
import {
  claimTemplates,
  createMissingClaims,
  podVolumes,
  updateClaimOwners,
} from './statefulSetClaims';

type Obj = Record<string, any>;
const MANAGER = 'kube-controller-manager';

/**
 * StatefulSet pods `<name>-0..n-1`, created in order (each once the previous
 * is Ready, after its volumeClaimTemplates' claims), removed from the highest
 * ordinal, replaced one at a time when the template changes. Claims are kept
 * or left to garbage collection as `persistentVolumeClaimRetentionPolicy` says.
 */
export function reconcileStatefulSet(ctx: ControllerContext, sts: KubeObject) {
  if (sts.metadata.deletionTimestamp) return;
  const stsType = ctx.type('apps', 'statefulsets');
  const spec = sts.spec as Obj;
  const replicas = spec.replicas ?? 1;
  const revision = `${sts.metadata.name}-${templateHash(spec.template).slice(
    0,
    10,
  )}`;
  const pods = ctx.owned(ctx.pods, sts).filter(isActive);
  const byOrdinal = new Map(pods.map(p => [ordinal(p, sts), p]));
  const hasClaims = claimTemplates(sts).length > 0;

  for (const [index, pod] of byOrdinal) {
    if (hasClaims) updateClaimOwners(ctx, sts, index, pod, index >= replicas);
    if (index >= replicas) ctx.delete(ctx.pods, pod, MANAGER);
  }
  for (let i = 0; i < replicas; i++) {
    const pod = byOrdinal.get(i);
    if (!pod) {
      const name = `${sts.metadata.name}-${i}`;
      const template = spec.template ?? {};
      if (hasClaims && !createMissingClaims(ctx, sts, i, name)) break;
      const podSpec = {
        ...clone(template.spec ?? {}),
        hostname: name,
        subdomain: spec.serviceName,
      };
      if (hasClaims) podSpec.volumes = podVolumes(sts, i, podSpec.volumes);
      ctx.create(
        ctx.pods,
        sts.metadata.namespace,
        {
          metadata: {
            name,
            labels: {
              ...(template.metadata?.labels ?? {}),
              'statefulset.kubernetes.io/pod-name': name,
              'controller-revision-hash': revision,
              'apps.kubernetes.io/pod-index': String(i),
            },
            ownerReferences: [ctx.ownerReference(sts)],
          },
          spec: podSpec,
        },
        MANAGER,
      );
      ctx.event(
        sts,
        'SuccessfulCreate',
        `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`,
      );
      break;
    }
    if (!isReady(pod)) break;
    if (pod.metadata.labels?.['controller-revision-hash'] !== revision) {
      ctx.delete(ctx.pods, pod, MANAGER);
      break;
    }
  }
  const current = ctx.owned(ctx.pods, sts).filter(isActive);
  const ready = current.filter(isReady).length;
  const updated = current.filter(
    p => p.metadata.labels?.['controller-revision-hash'] === revision,
  ).length;
  ctx.writeStatus(
    stsType,
    sts,
    {
      observedGeneration: sts.metadata.generation,
      replicas: current.length,
      readyReplicas: ready,
      currentReplicas: updated,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    },
    MANAGER,
  );
}

function ordinal(pod: KubeObject, sts: KubeObject): number {
  return Number(pod.metadata.name!.slice(sts.metadata.name!.length + 1));
}
