/**
 * Equality as the store keeps records, in JSON: a record read back from the
 * database has its keys in another order and no undefined members, so
 * neither counts as a difference.
 */
export function sameAsJson(
  a: unknown,
  b: unknown,
  /** A top-level key left out of the comparison. */
  except?: string,
): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length)
      return false;
    for (let i = 0; i < a.length; i++)
      if (!sameAsJson(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Counted in place, without arrays of keys: it runs for every record of
  // every pass.
  let defined = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined || key === except)
      continue;
    defined += 1;
    if (!sameAsJson(left[key], right[key])) return false;
  }
  for (const key in right) {
    if (Object.hasOwn(right, key) && right[key] !== undefined && key !== except)
      defined -= 1;
  }
  return defined === 0;
}
