import {
  InventoryEntry,
  InventoryStore,
  PendingRelease,
  VoidedRelease,
  ReleaseRecord,
} from './InventoryStore';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { chunks, optional } from './rows';
import { groupCommit } from '../lib/groupCommit';
import { insertRows } from './insertRows';
import { withoutUndefined } from '../lib/withoutUndefined';

const TABLE = 'miniplanes_inventory';

/** A list for more services than this reads the whole inventory, and keeps it. */
const WHOLE_READ_MIN_REFS = 64;

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

/** An inventory row's key (one owner per object and cluster) as text. */
const rowKey = (cluster: string, objectKey: string) =>
  `${cluster} ${objectKey}`;
const entryKey = (entry: InventoryEntry) =>
  rowKey(entry.cluster, entry.objectKey);

/** InventoryStore on the plugin's database. */
export class DatabaseInventoryStore
  extends ClockedDatabaseStore
  implements InventoryStore
{
  private installationId?: Promise<string>;

  installation(): Promise<string> {
    // Made once with the database and never changed: read once (again only
    // after a failed read).
    this.installationId ??= this.readInstallation().catch(error => {
      this.installationId = undefined;
      throw error;
    });
    return this.installationId;
  }

  private async readInstallation(): Promise<string> {
    const row = await this.db('miniplanes_installation')
      .where({ name: 'installation' })
      .first('id');
    if (!row) throw new Error('the miniplanes_installation row is missing');
    return row.id;
  }

  /**
   * Every entry as last read whole, at the table's write count then (see
   * the inventory_version migration): a steady sync pass, which reads every
   * service's inventory, reads one count instead of every row.
   */
  private whole?: { version: string; entries: readonly InventoryEntry[] };

  async list(filter: { entityRefs?: string[]; cluster?: string } = {}) {
    // Read before the rows: a write committed in between is counted after
    // this count, so the next list reads the rows again.
    const version = await this.version();
    let whole = this.whole?.version === version ? this.whole : undefined;
    // A few services' pass (an approval's) reads their rows alone while the
    // inventory changes; a pass of many reads it whole, for the next ones.
    if (
      !whole &&
      !filter.cluster &&
      (!filter.entityRefs || filter.entityRefs.length > WHOLE_READ_MIN_REFS)
    ) {
      whole = { version, entries: await this.readWhole() };
      // Two passes reading at once: an older read ending last is not kept.
      if (!this.whole || BigInt(version) >= BigInt(this.whole.version))
        this.whole = whole;
    }
    if (!whole) return this.readSome(filter);
    const refs = filter.entityRefs && new Set(filter.entityRefs);
    return whole.entries.filter(
      e =>
        (!refs || refs.has(e.entityRef)) &&
        (!filter.cluster || e.cluster === filter.cluster),
    );
  }

  private async version(): Promise<string> {
    const row = await this.db('miniplanes_table_versions')
      .where({ name: TABLE })
      .first('version');
    if (!row) throw new Error(`the write count of ${TABLE} is missing`);
    // PostgreSQL answers a bigint as text.
    return String(row.version);
  }

  private async readWhole() {
    const rows = await this.db(TABLE).orderBy(['cluster', 'object_key']);
    // Shared by every pass until the next write: frozen, so none can change it.
    return rows.map(row => Object.freeze(fromRow(row)));
  }

  private async readSome(filter: { entityRefs?: string[]; cluster?: string }) {
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

  // Concurrent syncs (every cluster, several writes in flight each) claim and
  // record objects one by one; group commit turns them into a few statements.
  private readonly claims = groupCommit((entries: InventoryEntry[]) =>
    this.claimAll(entries),
  );
  private readonly updates = groupCommit(async (sets: InventoryEntry[][]) => {
    await this.updateAll(sets.flat());
    return sets.map(() => undefined);
  });

  claim(entry: InventoryEntry) {
    return this.claims(entry);
  }

  async update(entries: InventoryEntry[]) {
    if (entries.length) await this.updates(entries);
  }

  private async claimAll(entries: InventoryEntry[]) {
    const now = this.now();
    const owners = new Map<string, string>();
    const claimedBefore = new Set<string>();
    for (const batch of chunks(entries)) {
      // The primary key (cluster, object_key) makes the first claim win,
      // across services, within a batch and across backend replicas.
      const inserted = await insertRows(
        this.db,
        TABLE,
        batch.map(entry => toRow(entry, now)),
        {
          conflict: ['cluster', 'object_key'],
          onConflict: { ignore: true },
          returning: ['cluster', 'object_key', 'entity_ref'],
        },
      );
      for (const row of inserted)
        owners.set(rowKey(row.cluster, row.object_key), row.entity_ref);
      // Only an object claimed before needs its owner read.
      const known = batch.filter(entry => !owners.has(entryKey(entry)));
      if (!known.length) continue;
      const rows = await this.db(TABLE)
        .where(query => {
          for (const entry of known) {
            query.orWhere({
              cluster: entry.cluster,
              object_key: entry.objectKey,
            });
          }
        })
        .select('cluster', 'object_key', 'entity_ref');
      for (const row of rows) {
        owners.set(rowKey(row.cluster, row.object_key), row.entity_ref);
        claimedBefore.add(rowKey(row.cluster, row.object_key));
      }
    }
    // Of one service's claims of an object in a batch, the first made it.
    return entries.map(entry => {
      const key = entryKey(entry);
      const owner = owners.get(key);
      if (owner !== entry.entityRef) return { owner };
      if (claimedBefore.has(key)) return { held: true };
      claimedBefore.add(key);
      return {};
    });
  }

  private async updateAll(entries: InventoryEntry[]) {
    // One row per object: the last update of an object in the batch wins.
    const latest = new Map(entries.map(entry => [entryKey(entry), entry]));
    const now = this.now();
    for (const batch of chunks([...latest.values()])) {
      // Only the owner's row changes: an entry of another service stays. An
      // applied object whose row is gone is recorded again rather than left
      // untracked.
      await insertRows(
        this.db,
        TABLE,
        batch.map(entry => toRow(entry, now)),
        {
          conflict: ['cluster', 'object_key'],
          onConflict: { merge: true, onlyWhereSame: 'entity_ref' },
        },
      );
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
          .whereNull('voided_at')
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
        voidedAt: row.voided_at
          ? new Date(row.voided_at).toISOString()
          : undefined,
        voidedBecause: optional(row.voided_because),
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

  async markVoided(voids: VoidedRelease[]) {
    for (const { id, because } of voids) {
      await this.db('miniplanes_releases')
        .where({ id })
        .whereNull('executed_at')
        .whereNull('voided_at')
        .update({ voided_at: this.now(), voided_because: because });
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
