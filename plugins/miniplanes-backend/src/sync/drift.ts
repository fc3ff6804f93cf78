import { getOrAdd } from '../lib/getOrAdd';

/**
 * The fields of `desired` whose value differs in `observed`, as JSON paths.
 *
 * Only what miniplanes sets is compared: fields the API server or another
 * controller added (defaults, status, managedFields) are not drift. Lists are
 * compared element by element, and must have the same length, because server-
 * side apply owns a whole atomic list.
 */
export function findDrift(
  desired: unknown,
  observed: unknown,
  path = '',
): string[] {
  if (isPlainObject(desired)) {
    if (!isPlainObject(observed)) return [path || '/'];
    const drift: string[] = [];
    for (const [key, value] of Object.entries(desired)) {
      drift.push(
        ...findDrift(value, observed[key], `${path}/${escapePointer(key)}`),
      );
    }
    return drift;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(observed) || observed.length !== desired.length) {
      return [path || '/'];
    }
    return desired.flatMap((item, index) =>
      findDrift(item, observed[index], `${path}/${index}`),
    );
  }
  return sameScalar(desired, observed) ? [] : [path || '/'];
}

/** Drift found between objects that cannot change, by desired then observed object. */
const known = new WeakMap<object, WeakMap<object, string[]>>();

/**
 * {@link findDrift} of two objects, remembered when both are frozen (a
 * cached render and a watched copy): a steady pass compares the same pairs
 * again and again.
 */
export function driftBetween(desired: object, observed: object): string[] {
  if (!Object.isFrozen(desired) || !Object.isFrozen(observed))
    return findDrift(desired, observed);
  const byObserved = getOrAdd(known, desired, () => new WeakMap());
  return getOrAdd(byObserved, observed, () => findDrift(desired, observed));
}

function sameScalar(desired: unknown, observed: unknown): boolean {
  if (desired === observed) return true;
  // Servers echo numbers in quantities and ports as given, but YAML authors
  // sometimes quote them: "3" and 3 are the same desired value.
  return (
    (typeof desired === 'number' || typeof desired === 'string') &&
    (typeof observed === 'number' || typeof observed === 'string') &&
    String(desired) === String(observed)
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6901 escaping, so a label key like `app.kubernetes.io/name` stays readable. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
