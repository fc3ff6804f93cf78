import { randomUUID } from 'node:crypto';
import { ClusterStatusStore, ClusterSyncRecord } from './ClusterStatusStore';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { ParsedColumns } from './ParsedColumns';
import { chunks, iso, optional } from './rows';
import { withoutUndefined } from '../lib/withoutUndefined';
import { groupBy } from '../lib/groupBy';

const TABLE = 'miniplanes_cluster_status';
/** The columns of a record but its JSON ones, which a steady read takes from what it parsed. */
const SUMMARY_COLUMNS = [
  'entity_ref',
  'cluster',
  'state',
  'spec_version',
  'applied_hash',
  'applied_generation',
  'desired_replicas',
  'ready_replicas',
  'drift_count',
  'last_error',
  'last_sync_at',
  'last_change_at',
  'revision',
];
/** The JSON columns a record is read from. */
const STATUS_JSON_COLUMNS = ['retained', 'objects', 'operations'];

/**
 * How long a replica reuses what it parsed of a record: a replica of a
 * version before revisions rewrites a record's JSON and leaves its revision.
 */
const REREAD_AFTER_MS = 5 * 60_000;

/** What a replica parsed of a record's JSON columns, at the record's revision. */
interface ParsedJson {
  revision: string;
  /** When it was read (ms), to read it again after REREAD_AFTER_MS. */
  readAt: number;
  retained: ClusterSyncRecord['retained'];
  objects: ClusterSyncRecord['objects'];
  operations: ClusterSyncRecord['operations'];
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

function parseJson(
  row: any,
  key: string,
  parsed: ParsedColumns,
  readAt: number,
): ParsedJson {
  return {
    revision: row.revision,
    readAt,
    retained: parsed.parse(`${key} retained`, row.retained) ?? [],
    objects: parsed.parse(`${key} objects`, row.objects) ?? [],
    operations: parsed.parse(`${key} operations`, row.operations),
  };
}

function fromRow(row: any, json: ParsedJson): ClusterSyncRecord {
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
    retained: json.retained,
    objects: json.objects,
    operations: json.operations,
    lastError: optional(row.last_error),
    lastSyncAt: iso(row.last_sync_at)!,
    lastChangeAt: iso(row.last_change_at),
  };
  return withoutUndefined(record);
}

/** ClusterStatusStore on the plugin's database. */
export class DatabaseClusterStatusStore
  extends ClockedDatabaseStore
  implements ClusterStatusStore
{
  /** Every pass reads every record: their JSON columns, parsed once per text. */
  private readonly parsed = new ParsedColumns();
  /**
   * What was parsed of each record, by its key: reused while the record's
   * revision stays the same, so a steady pass reads no JSON at all.
   */
  private readonly json = new Map<string, ParsedJson>();

  async list(entityRefs?: string[]) {
    const rows = await this.select(SUMMARY_COLUMNS, entityRefs);
    const keys = rows.map(keyOf);
    const now = this.now().getTime();
    // A record without a revision was written by an older version: read whole.
    const stale = new Set<string>();
    const staleRefs = new Set<string>();
    rows.forEach((row, i) => {
      const parsed = this.json.get(keys[i]);
      if (
        parsed &&
        row.revision &&
        parsed.revision === row.revision &&
        now - parsed.readAt < REREAD_AFTER_MS
      )
        return;
      stale.add(keys[i]);
      staleRefs.add(row.entity_ref);
    });
    // Whole rows of the services with a record written since: one read,
    // so each record's columns are of one write.
    const fresh = new Map<string, any>();
    for (const row of staleRefs.size
      ? await this.select(['*'], [...staleRefs])
      : []) {
      const key = keyOf(row);
      fresh.set(key, row);
      this.json.set(key, parseJson(row, key, this.parsed, now));
    }
    if (!entityRefs) {
      // Records another replica removed are not read again.
      const present = new Set(keys);
      for (const key of this.json.keys())
        if (!present.has(key)) this.json.delete(key);
    }
    const records: ClusterSyncRecord[] = [];
    rows.forEach((row, i) => {
      const whole = fresh.get(keys[i]);
      if (whole) records.push(fromRow(whole, this.json.get(keys[i])!));
      else if (!stale.has(keys[i]))
        records.push(fromRow(row, this.json.get(keys[i])!));
      // Otherwise it was removed between the two reads: gone.
    });
    return records;
  }

  /** The given columns of every record, or of those of the given services. */
  private async select(columns: string[], entityRefs?: string[]) {
    if (!entityRefs)
      return this.db(TABLE).select(columns).orderBy(['entity_ref', 'cluster']);
    const rows = [];
    for (const refs of chunks(entityRefs)) {
      rows.push(
        ...(await this.db(TABLE)
          .select(columns)
          .whereIn('entity_ref', refs)
          .orderBy(['entity_ref', 'cluster'])),
      );
    }
    return rows;
  }

  async put(records: ClusterSyncRecord[]) {
    for (const batch of chunks(records)) {
      await this.db(TABLE)
        .insert(batch.map(toRow))
        .onConflict(['entity_ref', 'cluster'])
        .merge();
    }
  }

  async markSynced(
    keys: { entityRef: string; cluster: string }[],
    lastSyncAt: string,
  ) {
    const byCluster = groupBy(keys, k => k.cluster);
    for (const [cluster, list] of byCluster) {
      for (const batch of chunks(list)) {
        await this.db(TABLE)
          .where('cluster', cluster)
          .whereIn(
            'entity_ref',
            batch.map(k => k.entityRef),
          )
          .update({ last_sync_at: new Date(lastSyncAt) });
      }
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
    for (const key of keys) {
      this.json.delete(`${key.entityRef} ${key.cluster}`);
      for (const column of STATUS_JSON_COLUMNS)
        this.parsed.forget(`${key.entityRef} ${key.cluster} ${column}`);
    }
  }
}
