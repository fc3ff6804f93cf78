import { hash } from 'node:crypto';
import { StatusError } from '../kube/StatusError';
import { FieldsV1, KubeObject, ManagedFieldsEntry } from '../kube/types';
import { deepEqual } from './deepEqual';
import {
  deleteAt,
  describePath,
  FieldPath,
  fieldsToPaths,
  leafPaths,
  pathsToFields,
  splitPath,
  valueAt,
} from './fieldPaths';
import { mergeKeyFor, SET_LISTS } from './listKeys';
import { isObject } from './mergePatch';
import { clone } from '../kube/clone';

/** Metadata the server owns: never part of anyone's field set. */
export const SERVER_METADATA: ReadonlySet<string> = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

type Scope = 'main' | 'status';

/** The part of an object a write through `scope` may own. */
function ownablePaths(
  object: unknown,
  scope: Scope,
  hasStatus: boolean,
): FieldPath[] {
  if (!isObject(object)) return [];
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata' && isObject(value)) {
      const meta: Record<string, unknown> = {};
      for (const [mk, mv] of Object.entries(value)) {
        if (!SERVER_METADATA.has(mk)) meta[mk] = mv;
      }
      if (Object.keys(meta).length && scope === 'main') view.metadata = meta;
      continue;
    }
    if (hasStatus && (key === 'status') !== (scope === 'status')) continue;
    view[key] = value;
  }
  return leafPaths(view);
}

type Entry = ManagedFieldsEntry & {
  paths: Set<FieldPath>;
  /** The cached set this entry was read with, to reuse its FieldsV1 when unchanged. */
  original?: readonly FieldPath[];
};

// Parsing and rebuilding FieldsV1 on every write dominated the profile;
// stored objects are immutable, so a parsed set can be cached per FieldsV1 object.
// An array, not a Set: a fleet keeps one per distinct field set, and a Set costs several times more.
const parsedFields = new WeakMap<FieldsV1, readonly FieldPath[]>();

function readEntries(object: KubeObject | undefined): Entry[] {
  return (object?.metadata.managedFields ?? []).map(e => {
    let paths = parsedFields.get(e.fieldsV1);
    if (!paths) {
      paths = [...fieldsToPaths(e.fieldsV1)];
      parsedFields.set(e.fieldsV1, paths);
    }
    return { ...e, paths: new Set(paths), original: paths };
  });
}

function writeEntries(entries: Entry[]): ManagedFieldsEntry[] {
  return entries
    .filter(e => e.paths.size > 0)
    .map(({ paths, original, ...entry }) => {
      if (original && sameSet(original, paths)) return entry;
      return { ...entry, fieldsV1: sharedFields(paths) };
    });
}

// Objects written alike (a fleet of Deployments from one template) own the
// same field sets: they share one frozen FieldsV1 per set, instead of a tree
// per object and version. Keyed by the paths in their order, so the tree's
// key order (what clients are served) is the one the set was built in; by a
// digest of them, as sets unique to one object (its ownerReference's uid)
// would keep kilobytes of key each.
const sharedTrees = new Map<string, WeakRef<FieldsV1>>();
const forgetTree = new FinalizationRegistry<string>(key => {
  if (!sharedTrees.get(key)?.deref()) sharedTrees.delete(key);
});

function sharedFields(paths: Set<FieldPath>): FieldsV1 {
  const list = [...paths];
  const key = hash('sha1', list.join('\u0002'), 'base64');
  const known = sharedTrees.get(key)?.deref();
  if (known && sameList(parsedFields.get(known), list)) return known;
  const fieldsV1 = deepFreeze(pathsToFields(list));
  parsedFields.set(fieldsV1, list);
  sharedTrees.set(key, new WeakRef(fieldsV1));
  forgetTree.register(fieldsV1, key);
  return fieldsV1;
}

function sameList(a: readonly FieldPath[] | undefined, b: FieldPath[]) {
  return a?.length === b.length && a.every((p, i) => p === b[i]);
}

function deepFreeze(fields: FieldsV1): FieldsV1 {
  for (const child of Object.values(fields)) deepFreeze(child);
  return Object.freeze(fields);
}

function sameSet(a: readonly FieldPath[], b: Set<FieldPath>) {
  return a.length === b.size && a.every(p => b.has(p));
}

export type Writer = {
  manager: string;
  apiVersion: string;
  time: string;
  subresource?: 'status';
};

function sameEntry(e: Entry, w: Writer, operation: 'Apply' | 'Update') {
  return (
    e.manager === w.manager &&
    e.operation === operation &&
    (e.subresource ?? undefined) === w.subresource
  );
}

function entryFor(
  entries: Entry[],
  w: Writer,
  operation: 'Apply' | 'Update',
): Entry {
  let entry = entries.find(e => sameEntry(e, w, operation));
  if (!entry) {
    entry = {
      manager: w.manager,
      operation,
      apiVersion: w.apiVersion,
      time: w.time,
      fieldsType: 'FieldsV1',
      fieldsV1: {},
      ...(w.subresource ? { subresource: w.subresource } : {}),
      paths: new Set(),
    };
    entries.push(entry);
  }
  entry.time = w.time;
  entry.apiVersion = w.apiVersion;
  return entry;
}

/**
 * Records an Update-operation write (create, replace, patch): the writer
 * owns every field it changed, and nobody keeps owning what it changed or removed.
 * `edited`: the managedFields the client sent in place of the live ones
 * (see `editedManagedFields`), the ownership the write starts from.
 */
export function trackUpdate(
  previous: KubeObject | undefined,
  next: KubeObject,
  writer: Writer,
  hasStatus: boolean,
  edited?: ManagedFieldsEntry[],
): ManagedFieldsEntry[] {
  const scope: Scope = writer.subresource === 'status' ? 'status' : 'main';
  const before = new Set(ownablePaths(previous, scope, hasStatus));
  const after = ownablePaths(next, scope, hasStatus);
  const afterSet = new Set(after);
  const changed = after.filter(
    p =>
      !before.has(p) ||
      !deepEqual(valueAt(previous, p).value, valueAt(next, p).value),
  );
  const removed = [...before].filter(p => !afterSet.has(p));
  const entries = edited
    ? readEntries({ metadata: { managedFields: edited } })
    : readEntries(previous);
  if (changed.length === 0 && removed.length === 0)
    return writeEntries(entries);
  const own = entryFor(entries, writer, 'Update');
  for (const entry of entries) {
    if (entry === own) continue;
    for (const p of changed) entry.paths.delete(p);
    for (const p of removed) entry.paths.delete(p);
  }
  for (const p of removed) own.paths.delete(p);
  for (const p of changed) own.paths.add(p);
  return writeEntries(entries);
}

const isMarker = (p: FieldPath) => {
  const segments = splitPath(p);
  const last = segments[segments.length - 1];
  return last === '.' || last.startsWith('v:');
};

export type ApplyResult = {
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
};

/**
 * Server-side apply: merges the applied configuration into the live object,
 * refuses to change fields another manager owns unless forced, and removes
 * fields this manager applied before but no longer does (when nobody else owns them).
 */
export function serverSideApply(
  live: KubeObject | undefined,
  config: KubeObject,
  writer: Writer,
  force: boolean,
  hasStatus: boolean,
): ApplyResult {
  const scope: Scope = writer.subresource === 'status' ? 'status' : 'main';
  const applied = ownablePaths(config, scope, hasStatus);
  const entries = readEntries(live);
  const own = entries.find(e => sameEntry(e, writer, 'Apply'));
  const conflicts: {
    entry: Entry;
    manager: string;
    apiVersion: string;
    path: FieldPath;
  }[] = [];
  for (const entry of entries) {
    if (entry === own) continue;
    for (const p of applied) {
      if (!entry.paths.has(p) || isMarker(p)) continue;
      if (!deepEqual(valueAt(live, p).value, valueAt(config, p).value)) {
        conflicts.push({
          entry,
          manager: entry.manager,
          apiVersion: entry.apiVersion,
          path: p,
        });
      }
    }
  }
  if (conflicts.length && !force) throw conflictError(conflicts);
  // From the entry that conflicted: the applier's own Update entry is
  // another owner (a create's fields), not its Apply entry.
  for (const c of conflicts) c.entry.paths.delete(c.path);

  const merged = mergeApplied(
    clone(live ?? { metadata: {} }),
    config,
  ) as KubeObject;
  const appliedSet = new Set(applied);
  const stale = own ? [...own.paths].filter(p => !appliedSet.has(p)) : [];
  const ownedElsewhere = (p: FieldPath) =>
    entries.some(e => e !== own && e.paths.has(p));
  // Deepest paths first, so fields go before the list items that hold them.
  stale.sort((a, b) => splitPath(b).length - splitPath(a).length);
  for (const p of stale) {
    if (!ownedElsewhere(p)) deleteAt(merged, p);
  }
  const entry = entryFor(entries, writer, 'Apply');
  entry.paths = appliedSet;
  return { object: merged, managedFields: writeEntries(entries) };
}

function conflictError(
  conflicts: { manager: string; apiVersion: string; path: FieldPath }[],
) {
  const lines = conflicts.map(
    c =>
      `conflict with "${c.manager}" using ${c.apiVersion}: ${describePath(
        c.path,
      )}`,
  );
  const message =
    conflicts.length === 1
      ? `Apply failed with 1 conflict: ${lines[0]}`
      : `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  return new StatusError(409, 'Conflict', message, {
    causes: conflicts.map((c, i) => ({
      reason: 'FieldManagerConflict',
      message: lines[i],
      field: describePath(c.path),
    })),
  });
}

/** Merges applied configuration into a live value with associative-list semantics. */
function mergeApplied(live: unknown, config: unknown, field = ''): unknown {
  if (isObject(config)) {
    const result: Record<string, unknown> = isObject(live) ? live : {};
    for (const [key, value] of Object.entries(config)) {
      if (value === null || value === undefined) continue;
      result[key] = mergeApplied(result[key], value, key);
    }
    return result;
  }
  if (Array.isArray(config) && Array.isArray(live)) {
    if (SET_LISTS.has(field)) return [...new Set([...live, ...config])];
    const key = mergeKeyFor(field, [...config, ...live]);
    if (key && config.every(c => isObject(c) && c[key] !== undefined)) {
      const result = [...live];
      for (const item of config as Record<string, unknown>[]) {
        const index = result.findIndex(
          r => isObject(r) && r[key] === item[key],
        );
        if (index >= 0) result[index] = mergeApplied(result[index], item);
        else result.push(clone(item));
      }
      return result;
    }
  }
  return clone(config);
}

const isEntry = (e: unknown): e is ManagedFieldsEntry =>
  isObject(e) &&
  typeof e.manager === 'string' &&
  (e.operation === 'Apply' || e.operation === 'Update') &&
  e.fieldsType === 'FieldsV1' &&
  isObject(e.fieldsV1);

/**
 * The managedFields a write to the main resource sent in place of the live
 * ones, if it did: the server then starts from them (how kubectl's
 * csaupgrade hands a create's fields to its applies). Ones it cannot read
 * are ignored, as the server does, so a careless client loses nothing.
 */
export function editedManagedFields(
  current: KubeObject,
  candidate: KubeObject,
): ManagedFieldsEntry[] | undefined {
  const sent: unknown = candidate.metadata.managedFields;
  if (!Array.isArray(sent) || sent.length === 0 || !sent.every(isEntry))
    return undefined;
  // Sent back as served: the live ones, whose field sets are shared.
  if (deepEqual(sent, current.metadata.managedFields)) return undefined;
  return sent;
}
