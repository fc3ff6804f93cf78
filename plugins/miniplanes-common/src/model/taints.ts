import { Taint, Toleration } from './types';

/** Kubernetes' rule for whether one toleration tolerates one taint. @public */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  // An empty key with Exists tolerates every taint.
  if (!toleration.key) return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** `key=value:Effect`, as kubectl prints taints. @public */
export function formatTaint(taint: Taint): string {
  return `${taint.key}${taint.value !== undefined ? `=${taint.value}` : ''}:${
    taint.effect
  }`;
}

/**
 * The taints that keep a workload off a cluster: NoSchedule and NoExecute
 * ones no toleration covers. PreferNoSchedule only lowers the score.
 *
 * @public
 */
export function untoleratedTaints(
  taints: Taint[],
  tolerations: Toleration[] = [],
): Taint[] {
  return taints.filter(
    taint =>
      taint.effect !== 'PreferNoSchedule' &&
      !tolerations.some(t => tolerates(t, taint)),
  );
}
