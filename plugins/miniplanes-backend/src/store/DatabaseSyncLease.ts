import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateMiniplanesDatabase } from './migrateMiniplanesDatabase';
import { SyncLease } from './SyncLease';
import { shardLabel, SyncShard, WHOLE_FLEET } from './syncShards';

const TABLE = 'miniplanes_sync_lease';
/** The whole fleet's lease; with shards, the mark that shards of one split hold leases. */
const WHOLE = 'sync';

/** Ends a claim's transaction when the shard is another replica's. */
class ShardTaken extends Error {}

/**
 * SyncLease on the plugin's database. Expiry is judged by the database's
 * clock, so replicas whose clocks drift still agree on when a claim lapsed.
 *
 * A shard's lease (when the sync is split) is its own row, and the row of
 * the whole fleet's lease is marked held by that split (`shards:N`) for as
 * long as any of its shards' claims lasts. So a replica configured for the
 * whole fleet — or for another number of shards, or one of an older version
 * during a rolling upgrade — waits until every claim of the other split has
 * ended, and one service never has two writers. Every shard claim first
 * updates the whole fleet's row, whose row lock orders them.
 */
export class DatabaseSyncLease implements SyncLease {
  private constructor(
    private readonly db: Knex,
    private readonly shard: SyncShard,
  ) {}

  static async create(options: {
    database: DatabaseService;
    /** The shard this lease is for; the whole fleet when absent. */
    shard?: SyncShard;
  }): Promise<DatabaseSyncLease> {
    const db = await migrateMiniplanesDatabase(options.database);
    const shard = options.shard ?? WHOLE_FLEET;
    if (shard.count > 1)
      await db(TABLE)
        .insert({ name: shardRow(shard), holder: null, expires_at_ms: 0 })
        .onConflict('name')
        .ignore();
    return new DatabaseSyncLease(db, shard);
  }

  async acquire(holder: string, ttlMs: number): Promise<boolean> {
    if (this.shard.count === 1)
      return this.claim(this.db, WHOLE, holder, ttlMs);
    try {
      return await this.db.transaction(async trx => {
        const mark = splitMark(this.shard);
        const now = this.nowMs();
        const ttl = Math.round(ttlMs);
        // The mark lasts as long as the longest claim of the split.
        const marked = await trx(TABLE)
          .where({ name: WHOLE })
          .andWhere(free =>
            free
              .whereNull('holder')
              .orWhere('holder', mark)
              .orWhere('expires_at_ms', '<', this.db.raw(now)),
          )
          .update({
            holder: mark,
            expires_at_ms: this.db.raw(
              `case when holder = ? and expires_at_ms > ${now} + ? then expires_at_ms else ${now} + ? end`,
              [mark, ttl, ttl],
            ),
          });
        if (marked !== 1) return false;
        if (await this.claim(trx, shardRow(this.shard), holder, ttlMs))
          return true;
        // Undoes the mark's extension: another replica holds this shard.
        throw new ShardTaken();
      });
    } catch (error) {
      if (error instanceof ShardTaken) return false;
      throw error;
    }
  }

  async release(holder: string): Promise<void> {
    if (this.shard.count === 1) {
      await this.db(TABLE)
        .where({ name: WHOLE, holder })
        .update({ holder: null, expires_at_ms: 0 });
      return;
    }
    await this.db.transaction(async trx => {
      const mark = splitMark(this.shard);
      // Taken first, as acquire takes it: no claim of the split starts
      // between the check below and the mark's release.
      await trx(TABLE)
        .where({ name: WHOLE })
        .update({ expires_at_ms: trx.raw('expires_at_ms') });
      await trx(TABLE)
        .where({ name: shardRow(this.shard), holder })
        .update({ holder: null, expires_at_ms: 0 });
      const live = await trx(TABLE)
        .where('name', 'like', splitRows(this.shard))
        .whereNotNull('holder')
        .andWhere('expires_at_ms', '>=', this.db.raw(this.nowMs()))
        .first();
      if (!live)
        await trx(TABLE)
          .where({ name: WHOLE, holder: mark })
          .update({ holder: null, expires_at_ms: 0 });
    });
  }

  /** Takes or extends one row's claim: one conditional update, so of two replicas asking at once one wins. */
  private async claim(
    db: Knex,
    name: string,
    holder: string,
    ttlMs: number,
  ): Promise<boolean> {
    const now = this.nowMs();
    const updated = await db(TABLE)
      .where({ name })
      .andWhere(free =>
        free
          .whereNull('holder')
          .orWhere('holder', holder)
          .orWhere('expires_at_ms', '<', this.db.raw(now)),
      )
      .update({
        holder,
        expires_at_ms: this.db.raw(`${now} + ?`, [Math.round(ttlMs)]),
      });
    return updated === 1;
  }

  /** The database's time in epoch milliseconds, as an SQL expression. */
  private nowMs(): string {
    return this.db.client.config.client.includes('sqlite')
      ? `cast((julianday('now') - 2440587.5) * 86400000 as integer)`
      : `cast(extract(epoch from clock_timestamp()) * 1000 as bigint)`;
  }
}

/** A shard's own lease row: "sync-2-of-4" (see shardLabel). */
function shardRow(shard: SyncShard): string {
  return `sync-${shardLabel(shard)}`;
}

/** A LIKE pattern matching the rows of every shard of the split `shard` is in. */
function splitRows(shard: SyncShard): string {
  return `sync-%-of-${shard.count}`;
}

function splitMark(shard: SyncShard): string {
  return `shards:${shard.count}`;
}
