/**
 * A deep copy of JSON data, which manifests are (parsed from YAML or JSON,
 * validated, stored as JSON). A render copies every resource for every
 * cluster it is placed on, 20,000 copies and more in a fleet's rollout:
 * this takes a microsecond for a Deployment where `structuredClone`, made
 * for any value, takes eight.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as Record<string, unknown>)[key]);
    // A `__proto__` key (JSON may have one) stays a key, not a prototype.
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else copy[key] = item;
  }
  return copy as T;
}
