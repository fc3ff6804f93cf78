import { createHash } from 'node:crypto';
import { DESIRED_HASH_ANNOTATION } from '../cluster/labels';
import { KubeObject } from '../cluster/objectIdentity';
import { withAnnotations } from '../cluster/withAnnotations';

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** JSON with sorted keys, so equal manifests always hash alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareKeys(a, b));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hashed copies of manifests reused from pass to pass (see RenderedVersionCache). */
const hashed = new WeakMap<KubeObject, KubeObject>();

/**
 * The manifest with its content hash recorded in an annotation. Comparing the
 * hash on the live object tells whether the desired state changed without a
 * field-by-field diff; that, plus drift detection, keeps a steady state free
 * of writes. A frozen manifest (a cached render) cannot change, so its
 * hashed copy is made once, and frozen too.
 */
export function withDesiredHash(manifest: KubeObject): KubeObject {
  const known = hashed.get(manifest);
  if (known) return known;
  const hash = createHash('sha256')
    .update(canonicalJson(manifest))
    .digest('hex')
    .slice(0, 20);
  const copy = withAnnotations(manifest, { [DESIRED_HASH_ANNOTATION]: hash });
  if (Object.isFrozen(manifest)) {
    Object.freeze(copy.metadata.annotations);
    Object.freeze(copy.metadata);
    hashed.set(manifest, Object.freeze(copy));
  }
  return copy;
}
