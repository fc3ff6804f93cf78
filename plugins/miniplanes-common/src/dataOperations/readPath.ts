/**
 * The value at a status path such as `$.status.replica.lagSeconds` (dots
 * only: what operator profiles name), or undefined.
 *
 * @public
 */
export function readPath(object: unknown, path: string): unknown {
  const parts = path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean);
  let value: unknown = object;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
