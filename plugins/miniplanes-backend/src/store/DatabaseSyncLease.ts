import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateMiniplanesDatabase } from './migrateMiniplanesDatabase';
import { SyncLease } from './SyncLease';

const TABLE = 'miniplanes_sync_lease';
const NAME = 'sync';

/**
 * SyncLease on the plugin's database. Expiry is judged by the database's
 * clock, so replicas whose clocks drift still agree on when a claim lapsed.
 */
export class DatabaseSyncLease implements SyncLease {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSyncLease> {
    return new DatabaseSyncLease(
      await migrateMiniplanesDatabase(options.database),
    );
  }

  async acquire(holder: string, ttlMs: number): Promise<boolean> {
    const now = this.nowMs();
    // One conditional update: of two replicas asking at once, one wins.
    const updated = await this.db(TABLE)
      .where({ name: NAME })
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

  async release(holder: string): Promise<void> {
    await this.db(TABLE)
      .where({ name: NAME, holder })
      .update({ holder: null, expires_at_ms: 0 });
  }

  /** The database's time in epoch milliseconds, as an SQL expression. */
  private nowMs(): string {
    return this.db.client.config.client.includes('sqlite')
      ? `cast((julianday('now') - 2440587.5) * 86400000 as integer)`
      : `cast(extract(epoch from clock_timestamp()) * 1000 as bigint)`;
  }
}
