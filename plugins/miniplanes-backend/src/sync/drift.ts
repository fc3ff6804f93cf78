import { getOrAdd } from '../lib/getOrAdd';

/**
 * The fields of `desired` whose value differs in `observed`, as JSON paths.
 *
 * Only what miniplanes sets is compared: fields the API server or another
 * controller added (defaults, status, managedFields) are not drift. Lists are
 * compared element by element, and must have the same length, because server-
 * side apply owns a whole atomic list.
 */
export function findDrift(desired: unknown, observed: unknown): string[] {
  const drift: string[] = [];
  collectDrift(desired, observed, [], drift);
  return drift;
}

/**
 * Walks with the path as a stack of keys, and spells a pointer only for a
 * field that drifted: the first pass after a rollout compares every object
 * it wrote, nearly all without drift.
 */
function collectDrift(
  desired: unknown,
  observed: unknown,
  at: (string | number)[],
  drift: string[],
): void {
  if (isPlainObject(desired)) {
    if (!isPlainObject(observed)) {
      drift.push(pointer(at));
      return;
    }
    for (const key in desired) {
      if (!Object.hasOwn(desired, key)) continue;
      at.push(key);
      collectDrift(desired[key], observed[key], at, drift);
      at.pop();
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(observed) || observed.length !== desired.length) {
      drift.push(pointer(at));
      return;
    }
    for (let index = 0; index < desired.length; index++) {
      at.push(index);
      collectDrift(desired[index], observed[index], at, drift);
      at.pop();
    }
    return;
  }
  if (!sameScalar(desired, observed)) drift.push(pointer(at));
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

/** An RFC 6901 pointer, so a label key like `app.kubernetes.io/name` stays readable. */
function pointer(at: (string | number)[]): string {
  if (at.length === 0) return '/';
  return at
    .map(key =>
      typeof key === 'number'
        ? `/${key}`
        : `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    )
    .join('');
}
