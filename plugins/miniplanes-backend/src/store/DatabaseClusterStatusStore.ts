import { ClusterStatusStore, ClusterSyncRecord } from './ClusterStatusStore';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { ParsedColumns } from './ParsedColumns';
import { chunks, iso, optional } from './rows';
import { withoutUndefined } from '../lib/withoutUndefined';
import { groupBy } from '../lib/groupBy';

const TABLE = 'miniplanes_cluster_status';
/** The JSON columns a record is read from. */
const STATUS_JSON_COLUMNS = ['retained', 'objects', 'operations'];
function toRow(record: ClusterSyncRecord) {
  return {
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

function fromRow(row: any, parsed: ParsedColumns): ClusterSyncRecord {
  const key = `${row.entity_ref} ${row.cluster}`;
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
    retained: parsed.parse(`${key} retained`, row.retained) ?? [],
    objects: parsed.parse(`${key} objects`, row.objects) ?? [],
    operations: parsed.parse(`${key} operations`, row.operations),
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

  async list(entityRefs?: string[]) {
    if (!entityRefs) {
      const rows = await this.db(TABLE).orderBy(['entity_ref', 'cluster']);
      return rows.map(row => fromRow(row, this.parsed));
    }
    const rows = [];
    for (const refs of chunks(entityRefs)) {
      rows.push(
        ...(await this.db(TABLE)
          .whereIn('entity_ref', refs)
          .orderBy(['entity_ref', 'cluster'])),
      );
    }
    return rows.map(row => fromRow(row, this.parsed));
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
    for (const key of keys)
      for (const column of STATUS_JSON_COLUMNS)
        this.parsed.forget(`${key.entityRef} ${key.cluster} ${column}`);
  }
}
