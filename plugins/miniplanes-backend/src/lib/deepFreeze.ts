/**
 * Freezes a value and everything it holds (Maps' keys and values too), so
 * what is shared between sync passes cannot be changed by one of them:
 * attempts throw (modules are strict) instead of silently leaking into the
 * next pass.
 */
export function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    if (Object.isFrozen(value)) return value;
    Object.freeze(value);
    for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
    return value;
  }
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Walked in place, not through Object.values: every watch event freezes
    // a whole object, and the arrays of values were most of what it cost.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    } else {
      for (const key in value) {
        if (Object.hasOwn(value, key)) deepFreeze(value[key]);
      }
    }
  }
  return value;
}
