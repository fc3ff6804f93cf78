import { KubeObject } from '../kube/types';
import { Operations } from '../operations/Operations';
import { readStateFile, writeStateFile } from './files';

const FILE = 'objects.json';
const FORMAT = 1;

/** A cluster's objects and counters at one moment. */
export type Snapshot = {
  format: number;
  resourceVersion: number;
  lastWriteSeq: number;
  /** Objects by storage key (`group/resource`). */
  objects: Record<string, KubeObject[]>;
};

export function takeSnapshot(ops: Operations): Snapshot {
  const objects: Record<string, KubeObject[]> = {};
  for (const key of ops.store.storageKeys()) {
    const stored = ops.store.list(key);
    if (stored.length) objects[key] = stored;
  }
  return {
    format: FORMAT,
    resourceVersion: ops.store.resourceVersion,
    lastWriteSeq: ops.writeLog.lastSeq,
    objects,
  };
}

export async function readSnapshot(directory: string) {
  const snapshot = await readStateFile<Snapshot>(directory, FILE);
  if (snapshot && snapshot.format !== FORMAT) {
    throw new Error(
      `kube-sim cannot restore ${directory}: its state format is ${snapshot.format}, this version reads ${FORMAT}; delete the directory to start afresh`,
    );
  }
  return snapshot;
}

export function writeSnapshot(directory: string, snapshot: Snapshot) {
  return writeStateFile(directory, FILE, snapshot);
}

/** Loads a snapshot into a cluster that has just been created (nothing seeded). */
export function restoreSnapshot(ops: Operations, snapshot: Snapshot) {
  ops.restore(
    Object.entries(snapshot.objects).flatMap(([storageKey, objects]) =>
      objects.map(object => ({ storageKey, object })),
    ),
    snapshot.resourceVersion,
    snapshot.lastWriteSeq,
  );
}
