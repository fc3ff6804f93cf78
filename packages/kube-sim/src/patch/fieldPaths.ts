import { FieldsV1 } from '../kube/types';
import { mergeKeyFor, SET_LISTS } from './listKeys';
import { isObject } from './mergePatch';

/**
 * Field paths in the server's FieldsV1 vocabulary: `f:<field>`, `k:<json key>`
 * for an associative-list item, `v:<json value>` for a set member and `.` for
 * "the item itself". A path is its segments joined by SEP.
 */
const SEP = '\u0001';

export type FieldPath = string;

// Field paths repeat across every object of a kind. They are kept in a trie
// by segment, so collecting an object's paths hashes short segments instead
// of building and hashing whole paths, and a large fleet's managedFields
// caches share one string per path.
type PathNode = {
  readonly path: FieldPath;
  /** Children by field name (the `f:` segments). */
  fields?: Map<string, PathNode>;
  /** Children by whole segment (`k:`, `v:`, `.`). */
  items?: Map<string, PathNode>;
};

/** Paths unique to one object (an ownerReference's uid) must not pile up: past this, start afresh. */
const MAX_PATHS = 100_000;
let pathRoot: PathNode = { path: '' };
let pathCount = 0;
/** Paths split once (writes read the same paths again and again), with the same bound. */
let splitPaths = new Map<FieldPath, readonly string[]>();
/** What segments name (a field, an item's key, a member), parsed once. */
let parsedSegments = new Map<string, unknown>();

function child(
  parent: PathNode,
  map: Map<string, PathNode>,
  key: string,
  segment: string,
): PathNode {
  if (pathCount >= MAX_PATHS) {
    pathRoot = { path: '' };
    pathCount = 0;
  }
  const node = {
    path: parent.path ? `${parent.path}${SEP}${segment}` : segment,
  };
  map.set(key, node);
  pathCount++;
  return node;
}

function fieldNode(parent: PathNode, name: string): PathNode {
  const fields = (parent.fields ??= new Map());
  return fields.get(name) ?? child(parent, fields, name, `f:${name}`);
}

function itemNode(parent: PathNode, segment: string): PathNode {
  const items = (parent.items ??= new Map());
  return items.get(segment) ?? child(parent, items, segment, segment);
}

function nodeAt(segments: readonly string[]): PathNode {
  let node = pathRoot;
  for (const segment of segments) {
    node = segment.startsWith('f:')
      ? fieldNode(node, segment.slice(2))
      : itemNode(node, segment);
  }
  return node;
}

export function joinPath(segments: readonly string[]): FieldPath {
  return nodeAt(segments).path;
}

export function splitPath(path: FieldPath): readonly string[] {
  let segments = splitPaths.get(path);
  if (!segments) {
    if (splitPaths.size >= MAX_PATHS) splitPaths = new Map();
    segments = path.split(SEP);
    splitPaths.set(path, segments);
  }
  return segments;
}

/**
 * What a segment names: the field of an `f:` segment, the JSON a `k:` or
 * `v:` segment holds (shared: not to be changed). Cached, as a field name
 * looked up once is a property key V8 need not hash again.
 */
function segmentValue(segment: string): unknown {
  if (parsedSegments.has(segment)) return parsedSegments.get(segment);
  if (parsedSegments.size >= MAX_PATHS) parsedSegments = new Map();
  const value = segment.startsWith('f:')
    ? segment.slice(2)
    : JSON.parse(segment.slice(2));
  parsedSegments.set(segment, value);
  return value;
}

/** The leaf paths a value sets (what a manager owns after writing it). */
export function leafPaths(
  value: unknown,
  field = '',
  prefix: string[] = [],
): FieldPath[] {
  const out: FieldPath[] = [];
  collect(value, field, nodeAt(prefix), out);
  return out;
}

function collect(
  value: unknown,
  field: string,
  node: PathNode,
  out: FieldPath[],
) {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && node.path) out.push(node.path);
    for (const key of keys) {
      if (value[key] === null || value[key] === undefined) continue;
      collect(value[key], key, fieldNode(node, key), out);
    }
    return;
  }
  if (Array.isArray(value)) {
    if (SET_LISTS.has(field)) {
      for (const item of value)
        out.push(itemNode(node, `v:${JSON.stringify(item)}`).path);
      return;
    }
    const key = mergeKeyFor(field, value);
    if (key && value.every(v => isObject(v) && v[key] !== undefined)) {
      for (const item of value as Record<string, unknown>[]) {
        const itemPrefix = itemNode(
          node,
          `k:${JSON.stringify({ [key]: item[key] })}`,
        );
        out.push(itemNode(itemPrefix, '.').path);
        collect(item, '', itemPrefix, out);
      }
      return;
    }
  }
  out.push(node.path);
}

type Lookup = { found: boolean; value?: unknown };

/** Reads the value a path designates. */
export function valueAt(root: unknown, path: FieldPath): Lookup {
  let current: unknown = root;
  for (const segment of splitPath(path)) {
    if (segment === '.')
      return { found: current !== undefined, value: current };
    if (segment.startsWith('f:')) {
      if (!isObject(current)) return { found: false };
      const name = segmentValue(segment) as string;
      if (!(name in current)) return { found: false };
      current = current[name];
    } else if (segment.startsWith('k:')) {
      if (!Array.isArray(current)) return { found: false };
      const key = segmentValue(segment) as Record<string, unknown>;
      current = current.find(item => matchesKey(item, key));
      if (current === undefined) return { found: false };
    } else if (segment.startsWith('v:')) {
      if (!Array.isArray(current)) return { found: false };
      const wanted = segmentValue(segment);
      return { found: current.includes(wanted), value: wanted };
    }
  }
  return { found: current !== undefined, value: current };
}

/** Removes what a path designates from a (mutable) object. */
export function deleteAt(root: unknown, path: FieldPath) {
  const segments = splitPath(path);
  const last = segments[segments.length - 1];
  const parentSegments =
    last === '.' ? segments.slice(0, -2) : segments.slice(0, -1);
  const target = last === '.' ? segments[segments.length - 2] : last;
  const parent = parentSegments.length
    ? valueAt(root, joinPath(parentSegments)).value
    : root;
  if (target.startsWith('f:') && isObject(parent)) {
    delete parent[target.slice(2)];
  } else if (target.startsWith('k:') && Array.isArray(parent)) {
    const key = segmentValue(target) as Record<string, unknown>;
    const index = parent.findIndex(item => matchesKey(item, key));
    if (index >= 0) parent.splice(index, 1);
  } else if (target.startsWith('v:') && Array.isArray(parent)) {
    const index = parent.indexOf(segmentValue(target));
    if (index >= 0) parent.splice(index, 1);
  }
}

function matchesKey(item: unknown, key: Record<string, unknown>) {
  return isObject(item) && Object.entries(key).every(([k, v]) => item[k] === v);
}

/** `.spec.template.spec.containers[name="web"].image`: how conflicts name a field. */
export function describePath(path: FieldPath): string {
  return splitPath(path)
    .filter(s => s !== '.')
    .map(s => {
      if (s.startsWith('f:')) return `.${s.slice(2)}`;
      if (s.startsWith('k:')) {
        const key = segmentValue(s) as Record<string, unknown>;
        return `[${Object.entries(key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      return `[${s.slice(2)}]`;
    })
    .join('');
}

/** The leaf of every field set: one frozen object, as a fleet has millions of leaves. */
const LEAF: FieldsV1 = Object.freeze({}) as FieldsV1;

export function pathsToFields(paths: Iterable<FieldPath>): FieldsV1 {
  const root: FieldsV1 = {};
  for (const path of paths) {
    const segments = splitPath(path);
    let node = root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      const last = i === segments.length - 1;
      if (node[segment] === undefined) node[segment] = last ? LEAF : {};
      else if (node[segment] === LEAF && !last) node[segment] = {};
      node = node[segment];
    }
  }
  return root;
}

export function fieldsToPaths(fields: FieldsV1 | undefined): Set<FieldPath> {
  const out = new Set<FieldPath>();
  const walk = (node: FieldsV1, prefix: string[]) => {
    const keys = Object.keys(node);
    if (keys.length === 0 && prefix.length) out.add(joinPath(prefix));
    for (const key of keys) walk(node[key], [...prefix, key]);
  };
  if (fields) walk(fields, []);
  return out;
}
