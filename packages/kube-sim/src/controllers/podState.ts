type Obj = Record<string, any>;

export const isActive = (pod: Obj) =>
  !pod.metadata.deletionTimestamp &&
  !['Succeeded', 'Failed'].includes(pod.status?.phase);

export const isReady = (pod: Obj) =>
  (pod.status?.conditions ?? []).some(
    (c: Obj) => c.type === 'Ready' && c.status === 'True',
  );

/** Prefer deleting pods that are unscheduled, then not ready, then the newest. */
export function deletionOrder(a: Obj, b: Obj): number {
  const rank = (p: Obj) => {
    if (!p.spec?.nodeName) return 0;
    return isReady(p) ? 2 : 1;
  };
  return (
    rank(a) - rank(b) ||
    String(b.metadata.creationTimestamp).localeCompare(
      String(a.metadata.creationTimestamp),
    )
  );
}
