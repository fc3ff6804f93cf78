import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  ClusterStatusStore,
  ClusterSyncRecord,
  StatusStamp,
} from './ClusterStatusStore';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { chunks, iso, optional } from './rows';
import { insertRows } from './insertRows';
import { withoutUndefined } from '../lib/withoutUndefined';
import { deepFreeze } from '../lib/deepFreeze';

const TABLE = 'miniplanes_cluster_status';
const STAMPS = 'miniplanes_status_stamps';
const STAMP_COLUMNS = ['entity_ref', 'synced_at', 'clusters'];
/**
 * What a steady read takes of each record: the rest is what this replica
 * read of it before, while its revision stays the same.
 */
const STEADY_COLUMNS = ['entity_ref', 'cluster', 'revision', 'last_sync_at'];

/**
 * How long a replica reuses what it read of a record: a replica of a
 * version before revisions rewrites a record and leaves its revision.
 */
const REREAD_AFTER_MS = 5 * 60_000;

/** What a replica read of a record, at the record's revision. */
interface ReadRecord {
  revision: string;
  /** When it was read (ms), to read it again after REREAD_AFTER_MS. */
  readAt: number;
  /** Frozen: every read of the same revision and stamp gives this object. */
  record: ClusterSyncRecord;
}

const keyOf = (row: { entity_ref: string; cluster: string }) =>
  `${row.entity_ref} ${row.cluster}`;

function toRow(record: ClusterSyncRecord) {
  return {
    revision: randomUUID(),
    entity_ref: record.entityRef,
    cluster: record.cluster,
    state: record.state,
    spec_version: record.specVersion ?? null,
    applied_hash: record.appliedHash ?? null,
    applied_generation: record.appliedGeneration ?? null,
    desired_replicas: record.desiredReplicas ?? null,
    ready_replicas: record.readyReplicas ?? null,
    drift_count: record.driftCount,
    retained: JSON.stringify(record.retained),
    objects: JSON.stringify(record.objects),
    operations: record.operations ? JSON.stringify(record.operations) : null,
    last_error: record.lastError ?? null,
    last_sync_at: new Date(record.lastSyncAt),
    last_change_at: record.lastChangeAt ? new Date(record.lastChangeAt) : null,
  };
}

/** A JSON column's value; undefined for no text. */
const parsedJson = (text: string | null) =>
  text ? JSON.parse(text) : undefined;

/** A record read whole, frozen: reads of the same revision share it. */
function fromRow(row: any): ClusterSyncRecord {
  const record: ClusterSyncRecord = {
    entityRef: row.entity_ref,
    cluster: row.cluster,
    state: row.state,
    specVersion: optional(row.spec_version),
    appliedHash: optional(row.applied_hash),
    appliedGeneration: optional(row.applied_generation),
    desiredReplicas: optional(row.desired_replicas),
    readyReplicas: optional(row.ready_replicas),
    driftCount: Number(row.drift_count),
    retained: parsedJson(row.retained) ?? [],
    objects: parsedJson(row.objects) ?? [],
    operations: parsedJson(row.operations),
    lastError: optional(row.last_error),
    lastSyncAt: iso(row.last_sync_at)!,
    lastChangeAt: iso(row.last_change_at),
  };
  return deepFreeze(withoutUndefined(record));
}

/** A query's rows, of every service or of the given ones (in chunks, in their order). */
async function ofServices(
  query: () => Knex.QueryBuilder,
  entityRefs?: string[],
): Promise<any[]> {
  if (!entityRefs) return query();
  const rows = [];
  for (const refs of chunks(entityRefs))
    rows.push(...(await query().whereIn('entity_ref', refs)));
  return rows;
}

/** ClusterStatusStore on the plugin's database. */
export class DatabaseClusterStatusStore
  extends ClockedDatabaseStore
  implements ClusterStatusStore
{
  /**
   * What was read of each record, by its key: reused while the record's
   * revision stays the same, so a steady pass reads four columns a record.
   */
  private readonly read = new Map<string, ReadRecord>();

  async list(entityRefs?: string[]) {
    const rows = await this.select(STEADY_COLUMNS, entityRefs);
    const keys = rows.map(keyOf);
    const now = this.now().getTime();
    // A record without a revision was written by an older version: read whole.
    const stale = new Set<string>();
    const staleRefs = new Set<string>();
    rows.forEach((row, i) => {
      const known = this.read.get(keys[i]);
      if (
        known &&
        row.revision &&
        known.revision === row.revision &&
        now - known.readAt < REREAD_AFTER_MS
      )
        return;
      stale.add(keys[i]);
      staleRefs.add(row.entity_ref);
    });
    // Whole rows of the services with a record written since: each
    // record's columns are of one write.
    const fresh = new Set<string>();
    for (const row of staleRefs.size
      ? await this.select(['*'], [...staleRefs])
      : []) {
      const key = keyOf(row);
      fresh.add(key);
      this.read.set(key, {
        revision: row.revision,
        readAt: now,
        record: fromRow(row),
      });
    }
    if (!entityRefs) {
      // Records another replica removed are not read again.
      const present = new Set(keys);
      for (const key of this.read.keys())
        if (!present.has(key)) this.read.delete(key);
    }
    const stamps = await this.stamps(entityRefs);
    const records: ClusterSyncRecord[] = [];
    rows.forEach((row, i) => {
      const known = this.read.get(keys[i]);
      // Removed between the two reads: gone.
      if (!known || (stale.has(keys[i]) && !fresh.has(keys[i]))) return;
      const own = iso(row.last_sync_at)!;
      const stamp = stamps.get(row.entity_ref);
      // ISO times in one format: later is greater as text.
      const lastSyncAt =
        stamp && stamp.syncedAt > own && stamp.clusters.has(row.cluster)
          ? stamp.syncedAt
          : own;
      if (known.record.lastSyncAt !== lastSyncAt)
        known.record = Object.freeze({ ...known.record, lastSyncAt });
      records.push(known.record);
    });
    return records;
  }

  /** The services' stamps (every one's without a list), by service. */
  private async stamps(entityRefs?: string[]) {
    const rows = await ofServices(
      () => this.db(STAMPS).select(STAMP_COLUMNS),
      entityRefs,
    );
    const stamps = new Map<
      string,
      { syncedAt: string; clusters: ReadonlySet<string> }
    >();
    for (const row of rows) {
      stamps.set(row.entity_ref, {
        syncedAt: iso(row.synced_at)!,
        clusters: new Set<string>(JSON.parse(row.clusters)),
      });
    }
    return stamps;
  }

  /** The given columns of every record, or of those of the given services. */
  private select(columns: string[], entityRefs?: string[]) {
    return ofServices(
      () => this.db(TABLE).select(columns).orderBy(['entity_ref', 'cluster']),
      entityRefs,
    );
  }

  async put(records: ClusterSyncRecord[]) {
    const now = this.now().getTime();
    for (const batch of chunks(records)) {
      const rows = batch.map(toRow);
      await insertRows(this.db, TABLE, rows, {
        conflict: ['entity_ref', 'cluster'],
        onConflict: { merge: true },
      });
      // Known at the revision just written: the next list need not read it back.
      for (const row of rows) {
        this.read.set(keyOf(row), {
          revision: row.revision,
          readAt: now,
          record: fromRow(row),
        });
      }
    }
  }

  async markSynced(stamps: StatusStamp[]) {
    for (const batch of chunks(stamps)) {
      await insertRows(
        this.db,
        STAMPS,
        batch.map(stamp => ({
          entity_ref: stamp.entityRef,
          synced_at: new Date(stamp.syncedAt),
          clusters: JSON.stringify(stamp.clusters),
        })),
        { conflict: ['entity_ref'], onConflict: { merge: true } },
      );
    }
  }

  async remove(keys: { entityRef: string; cluster: string }[]) {
    for (const batch of chunks(keys)) {
      await this.db(TABLE)
        .where(query => {
          for (const key of batch) {
            query.orWhere({ entity_ref: key.entityRef, cluster: key.cluster });
          }
        })
        .delete();
    }
    for (const key of keys)
      this.read.delete(
        keyOf({ entity_ref: key.entityRef, cluster: key.cluster }),
      );
    // A service with no record left has nothing to stamp.
    const refs = [...new Set(keys.map(k => k.entityRef))];
    for (const batch of chunks(refs)) {
      await this.db(STAMPS)
        .whereIn('entity_ref', batch)
        .whereNotExists(
          this.db(TABLE)
            .select('entity_ref')
            .whereRaw('??.?? = ??.??', [
              TABLE,
              'entity_ref',
              STAMPS,
              'entity_ref',
            ]),
        )
        .delete();
    }
  }
}
