import { StatusError } from '../kube/StatusError';
import { mergeKeyFor, SET_LISTS } from './listKeys';
import { isObject } from './mergePatch';

/**
 * Kubernetes strategic merge patch for built-in types: associative lists merge
 * by their merge key, `$patch: delete|replace|merge`, `$setElementOrder/<list>`,
 * `$deleteFromPrimitiveList/<list>` and `$retainKeys` directives.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
): unknown {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  const retainKeys = patch.$retainKeys as string[] | undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const remove = new Set((value as unknown[]) ?? []);
      if (Array.isArray(result[field])) {
        result[field] = (result[field] as unknown[]).filter(
          v => !remove.has(v),
        );
      }
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, result[key], value);
    } else if (isObject(value)) {
      const merged = applyStrategicMergePatch(result[key], value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const key of Object.keys(patch)) {
    if (!key.startsWith('$setElementOrder/')) continue;
    const field = key.slice('$setElementOrder/'.length);
    if (Array.isArray(result[field])) {
      result[field] = reorder(
        field,
        result[field] as unknown[],
        patch[key] as unknown[],
      );
    }
  }
  if (retainKeys) {
    for (const key of Object.keys(result)) {
      if (!retainKeys.includes(key)) delete result[key];
    }
  }
  return result;
}

function mergeList(
  field: string,
  current: unknown,
  patch: unknown[],
): unknown[] {
  const base = Array.isArray(current) ? current : [];
  if (SET_LISTS.has(field)) {
    return [...new Set([...base, ...patch])];
  }
  const key = mergeKeyFor(field, [...patch, ...base]);
  if (!key) {
    if (patch.some(p => isObject(p) && p.$patch)) {
      throw new StatusError(
        400,
        'BadRequest',
        `$patch directive used in list ${field} that has no merge key`,
      );
    }
    return patch.map(stripDirectives);
  }
  if (
    patch.some(
      p => isObject(p) && p.$patch === 'replace' && Object.keys(p).length === 1,
    )
  ) {
    return patch
      .filter(p => !(isObject(p) && p.$patch === 'replace'))
      .map(stripDirectives);
  }
  const result = [...base];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = result.findIndex(r => isObject(r) && r[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = applyStrategicMergePatch(result[index], item);
    } else {
      result.push(stripDirectives(item));
    }
  }
  return result;
}

function reorder(field: string, list: unknown[], order: unknown[]): unknown[] {
  const key = mergeKeyFor(field, list);
  const id = (v: unknown) => (key && isObject(v) ? v[key] : v);
  const wanted = order.map(o => id(o));
  const rank = (v: unknown) => {
    const i = wanted.indexOf(id(v));
    return i === -1 ? wanted.length : i;
  };
  return [...list].sort((a, b) => rank(a) - rank(b));
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    result[k] = stripDirectives(v);
  }
  return result;
}
