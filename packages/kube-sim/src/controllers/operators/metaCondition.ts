type Obj = Record<string, any>;

/**
 * A `metav1.Condition` as operators write them; keeps the previous
 * transition time while the status stays the same.
 */
export function metaCondition(
  previous: Obj[] | undefined,
  condition: { type: string; status: boolean; reason: string; message: string },
  now: string,
  observedGeneration: number | undefined,
) {
  const status = condition.status ? 'True' : 'False';
  const old = previous?.find(c => c.type === condition.type);
  return {
    type: condition.type,
    status,
    reason: condition.reason,
    message: condition.message,
    lastTransitionTime:
      old?.status === status ? old.lastTransitionTime ?? now : now,
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  };
}
