import { clone } from '../kube/clone';
import { StatusError } from '../kube/StatusError';
import { KubeObject, OwnerReference } from '../kube/types';
import { ControllerContext } from './ControllerContext';

type Obj = Record<string, any>;
const MANAGER = 'kube-controller-manager';

/**
 * A StatefulSet's volumeClaimTemplates, each with a name: the claims and
 * pod volumes are named after it.
 */
export function claimTemplates(sts: KubeObject): Obj[] {
  const templates = (sts.spec as Obj).volumeClaimTemplates;
  return Array.isArray(templates)
    ? templates.filter(t => typeof t?.metadata?.name === 'string')
    : [];
}

/** `<template>-<statefulset>-<ordinal>`, as the real controller names a pod's claim. */
function claimName(template: Obj, sts: KubeObject, ordinal: number) {
  return `${template.metadata.name}-${sts.metadata.name}-${ordinal}`;
}

/**
 * A pod's volumes: one per claim template, named after it, then the pod
 * template's other volumes (one of a template's name gives way, as with the
 * real controller).
 */
export function podVolumes(
  sts: KubeObject,
  ordinal: number,
  volumes: Obj[] = [],
): Obj[] {
  const templates = claimTemplates(sts);
  const names = new Set(templates.map(t => t.metadata.name));
  return [
    ...templates.map(t => ({
      name: t.metadata.name,
      persistentVolumeClaim: { claimName: claimName(t, sts, ordinal) },
    })),
    ...volumes.filter(v => !names.has(v?.name)),
  ];
}

/**
 * Creates the claims of pod `ordinal` that do not exist yet: the template's
 * labels and annotations, the StatefulSet's selector labels, the template's
 * spec, and the owner the retention policy gives it. False when one was
 * refused: the pod waits for its claims, as with the real controller.
 */
export function createMissingClaims(
  ctx: ControllerContext,
  sts: KubeObject,
  ordinal: number,
  podName: string,
): boolean {
  const claims = ctx.type('', 'persistentvolumeclaims');
  const namespace = sts.metadata.namespace;
  const setName = sts.metadata.name;
  const owners = claimOwners(ctx, sts, [], undefined, false);
  let complete = true;
  for (const template of claimTemplates(sts)) {
    const name = claimName(template, sts, ordinal);
    if (ctx.ops.find(claims, namespace, name)) continue;
    const labels = {
      ...template.metadata.labels,
      ...(sts.spec as Obj).selector?.matchLabels,
    };
    const body = {
      metadata: {
        name,
        ...(Object.keys(labels).length ? { labels } : {}),
        ...(template.metadata.annotations
          ? { annotations: clone(template.metadata.annotations) }
          : {}),
        ...(owners.length ? { ownerReferences: owners } : {}),
      },
      spec: clone(template.spec ?? {}),
    };
    try {
      if (ctx.create(claims, namespace, body, MANAGER))
        ctx.event(
          sts,
          'SuccessfulCreate',
          `create Claim ${name} Pod ${podName} in StatefulSet ${setName} success`,
        );
    } catch (e) {
      if (!(e instanceof StatusError) || e.code !== 422) throw e;
      complete = false;
      ctx.event(
        sts,
        'FailedCreate',
        `create Claim ${name} for Pod ${podName} in StatefulSet ${setName} failed error: ${e.message}`,
        'Warning',
      );
    }
  }
  return complete;
}

/**
 * Gives the claims of an existing pod the owners the retention policy
 * asks for; `condemned` when a scale-down removes the pod.
 */
export function updateClaimOwners(
  ctx: ControllerContext,
  sts: KubeObject,
  ordinal: number,
  pod: KubeObject,
  condemned: boolean,
) {
  const claims = ctx.type('', 'persistentvolumeclaims');
  for (const template of claimTemplates(sts)) {
    const claim = ctx.ops.find(
      claims,
      sts.metadata.namespace,
      claimName(template, sts, ordinal),
    );
    if (!claim) continue;
    const refs = claim.metadata.ownerReferences ?? [];
    const owners = claimOwners(ctx, sts, refs, pod, condemned);
    if (sameOwners(refs, owners)) continue;
    const { ownerReferences, ...metadata } = claim.metadata;
    ctx.update(
      claims,
      {
        ...claim,
        metadata: owners.length
          ? { ...metadata, ownerReferences: owners }
          : metadata,
      },
      MANAGER,
    );
  }
}

/**
 * The owners `persistentVolumeClaimRetentionPolicy` gives a claim:
 * `whenDeleted: Delete` the StatefulSet (garbage collection deletes the claim
 * with it), `whenScaled: Delete` the pod once a scale-down condemns it (the
 * claim goes with the pod). A claim another controller owns keeps no
 * reference to either, as with the real controller.
 */
function claimOwners(
  ctx: ControllerContext,
  sts: KubeObject,
  refs: OwnerReference[],
  pod: KubeObject | undefined,
  condemned: boolean,
): OwnerReference[] {
  const ours = [sts.metadata.uid, pod?.metadata.uid];
  const others = refs.filter(r => !ours.includes(r.uid));
  if (others.some(r => r.controller)) return others;
  const policy = (sts.spec as Obj).persistentVolumeClaimRetentionPolicy ?? {};
  if (pod && condemned && policy.whenScaled === 'Delete')
    return [...others, ctx.ownerReference(pod)];
  if (policy.whenDeleted === 'Delete')
    return [...others, ctx.ownerReference(sts)];
  return others;
}

function sameOwners(a: OwnerReference[], b: OwnerReference[]) {
  return (
    a.length === b.length &&
    a.every((r, i) => r.uid === b[i].uid && r.controller === b[i].controller)
  );
}
