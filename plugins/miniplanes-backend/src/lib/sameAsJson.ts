/**
 * Equality as the store keeps records, in JSON: a record read back from the
 * database has its keys in another order and no undefined members, so
 * neither counts as a difference.
 */
export function sameAsJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameAsJson(item, b[i]))
    );
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const defined = (o: Record<string, unknown>) =>
    Object.keys(o).filter(key => o[key] !== undefined);
  const keys = defined(left);
  return (
    keys.length === defined(right).length &&
    keys.every(key => sameAsJson(left[key], right[key]))
  );
}
