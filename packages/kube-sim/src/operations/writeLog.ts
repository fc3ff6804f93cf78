import { DeleteOptions, PatchType } from './options';

/**
 * What a write was, as the log records it: the verb, plus how a patch was
 * written or how a delete treats dependents.
 */
export type WriteKind =
  | { verb: 'create' }
  | { verb: 'update' }
  | { verb: 'patch'; patchType: PatchType }
  | {
      verb: 'delete';
      propagationPolicy?: NonNullable<DeleteOptions['propagationPolicy']>;
    };

/**
 * One stored change, as the write log keeps it: who changed which object,
 * and how. Dry runs and writes that change nothing are not stored, so not
 * logged.
 *
 * @public
 */
export type WriteRecord = {
  /** Position in the cluster's log: 1, 2, 3… without gaps. */
  seq: number;
  /** Server time (clock skew included), ISO 8601 with milliseconds. */
  time: string;
  verb: 'create' | 'update' | 'patch' | 'delete';
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  subresource?: string;
  /** How a patch was sent: `apply` is server-side apply. */
  patchType?: 'json' | 'merge' | 'strategic' | 'apply';
  /**
   * On the record of a delete request: what happens to dependents
   * (`Background` unless the client asked otherwise). The removal of an
   * object whose finalizers held it is logged as a delete without one.
   */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** The resourceVersion the write produced (a delete has its own). */
  resourceVersion: string;
  fieldManager: string;
  user: string;
};

/**
 * One cluster's write log: append-only, records frozen, numbered in order so
 * a checker can read it incrementally.
 */
export class WriteLog {
  private readonly records: WriteRecord[] = [];
  /** Records numbered up to here were written before a restart, and are not kept. */
  private firstSeq = 1;

  append(record: Omit<WriteRecord, 'seq'>): WriteRecord {
    const stored = Object.freeze({ seq: this.lastSeq + 1, ...record });
    this.records.push(stored);
    return stored;
  }

  /** The sequence number of the newest record (0 while empty). */
  get lastSeq(): number {
    return this.firstSeq - 1 + this.records.length;
  }

  /** After a restart: numbering goes on after `lastSeq` (only an empty log). */
  continueAfter(lastSeq: number) {
    if (this.records.length)
      throw new Error('a write log continues a saved one only while empty');
    this.firstSeq = lastSeq + 1;
  }

  /** Every record, oldest first. */
  all(): readonly WriteRecord[] {
    return this.records;
  }

  /** The records after sequence number `seq`. */
  since(seq: number): WriteRecord[] {
    return this.records.slice(Math.max(0, Math.floor(seq) - this.firstSeq + 1));
  }
}
