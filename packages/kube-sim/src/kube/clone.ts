/**
 * Deep copy of a JSON value. Node's structuredClone serializes through the
 * V8 value serializer and dominated the simulator's profile; objects here
 * are plain JSON, so a recursive copy is enough and several times faster.
 * A frozen value is returned as it is.
 */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  // Frozen values (the field sets managedFields share) cannot change: shared, not copied.
  if (Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.map(clone) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = clone(v);
  }
  return out as T;
}
