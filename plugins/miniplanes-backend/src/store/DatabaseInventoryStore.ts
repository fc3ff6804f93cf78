import {
  InventoryEntry,
  InventoryStore,
  PendingRelease,
  ReleaseRecord,
} from './InventoryStore';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { chunks, optional } from './rows';
import { withoutUndefined } from '../lib/withoutUndefined';

const TABLE = 'miniplanes_inventory';

function toRow(entry: InventoryEntry, updatedAt: Date) {
  return {
    cluster: entry.cluster,
    object_key: entry.objectKey,
    entity_ref: entry.entityRef,
    api_version: entry.apiVersion,
    kind: entry.kind,
    namespace: entry.namespace ?? null,
    name: entry.name,
    uid: entry.uid ?? null,
    role: entry.role,
    data: entry.data,
    state: entry.state,
    spec_version: entry.specVersion ?? null,
    retained_since: entry.retainedSince ?? null,
    kept_because: entry.keptBecause ?? null,
    updated_at: updatedAt,
  };
}

function fromRow(row: any): InventoryEntry {
  return withoutUndefined({
    cluster: row.cluster,
    objectKey: row.object_key,
    entityRef: row.entity_ref,
    apiVersion: row.api_version,
    kind: row.kind,
    namespace: optional(row.namespace),
    name: row.name,
    uid: optional(row.uid),
    role: row.role,
    // SQLite answers 0/1.
    data: Boolean(row.data),
    state: row.state,
    specVersion: optional(row.spec_version),
    retainedSince: optional(row.retained_since),
    keptBecause: optional(row.kept_because),
  });
}

/** InventoryStore on the plugin's database. */
export class DatabaseInventoryStore
  extends ClockedDatabaseStore
  implements InventoryStore
{
  async list(filter: { entityRefs?: string[]; cluster?: string } = {}) {
    const query = () => {
      const q = this.db(TABLE).orderBy(['cluster', 'object_key']);
      if (filter.cluster) q.where({ cluster: filter.cluster });
      return q;
    };
    if (!filter.entityRefs) return (await query()).map(fromRow);
    const rows = [];
    for (const refs of chunks(filter.entityRefs)) {
      rows.push(...(await query().whereIn('entity_ref', refs)));
    }
    return rows.map(fromRow);
  }

  async claim(entry: InventoryEntry) {
    // The primary key (cluster, object_key) makes the first claim win, across
    // services and across backend replicas.
    await this.db(TABLE)
      .insert(toRow(entry, this.now()))
      .onConflict(['cluster', 'object_key'])
      .ignore();
    const owner = await this.db(TABLE)
      .where({ cluster: entry.cluster, object_key: entry.objectKey })
      .first('entity_ref');
    return owner?.entity_ref === entry.entityRef
      ? {}
      : { owner: owner?.entity_ref as string | undefined };
  }

  async update(entries: InventoryEntry[]) {
    for (const entry of entries) {
      // Only the owner's row changes: an entry of another service stays.
      await this.db(TABLE)
        .where({
          cluster: entry.cluster,
          object_key: entry.objectKey,
          entity_ref: entry.entityRef,
        })
        .update(toRow(entry, this.now()));
    }
  }

  async remove(
    keys: { cluster: string; objectKey: string; entityRef: string }[],
  ) {
    for (const batch of chunks(keys)) {
      await this.db(TABLE)
        .where(query => {
          for (const key of batch) {
            query.orWhere({
              cluster: key.cluster,
              object_key: key.objectKey,
              entity_ref: key.entityRef,
            });
          }
        })
        .delete();
    }
  }

  async pendingReleases(entityRefs: string[]): Promise<PendingRelease[]> {
    const rows = [];
    for (const refs of chunks(entityRefs)) {
      rows.push(
        ...(await this.db('miniplanes_releases')
          .whereIn('entity_ref', refs)
          .whereNull('executed_at')
          .orderBy('id')),
      );
    }
    return rows.map(releaseOf);
  }

  async listReleases(entityRef: string): Promise<ReleaseRecord[]> {
    const rows = await this.db('miniplanes_releases')
      .where({ entity_ref: entityRef })
      .orderBy('id');
    return rows.map(row =>
      withoutUndefined({
        ...releaseOf(row),
        executedAt: row.executed_at
          ? new Date(row.executed_at).toISOString()
          : undefined,
      }),
    );
  }

  async markReleased(ids: number[]) {
    for (const batch of chunks(ids)) {
      await this.db('miniplanes_releases')
        .whereIn('id', batch)
        .update({ executed_at: this.now() });
    }
  }
}

function releaseOf(row: any): PendingRelease {
  return withoutUndefined({
    id: Number(row.id),
    entityRef: row.entity_ref,
    specVersion: Number(row.spec_version),
    cluster: row.cluster,
    objectKey: row.object_key,
    uid: optional(row.uid),
  });
}
