import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ClusterHealthRecord, ClusterHealthStore } from './ClusterHealthStore';
import { migrateMiniplanesDatabase } from './migrateMiniplanesDatabase';
import { optional } from './rows';
import { withoutUndefined } from '../lib/withoutUndefined';

const TABLE = 'miniplanes_cluster_health';

/** ClusterHealthStore on the plugin's database. */
export class DatabaseClusterHealthStore implements ClusterHealthStore {
  private constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {}

  static async create(options: {
    database: DatabaseService;
    /** The backend's clock (timestamps shown beside the sync's). */
    now?: () => Date;
  }): Promise<DatabaseClusterHealthStore> {
    return new DatabaseClusterHealthStore(
      await migrateMiniplanesDatabase(options.database),
      options.now ?? (() => new Date()),
    );
  }

  async list(): Promise<ClusterHealthRecord[]> {
    return (await this.db(TABLE).orderBy('cluster')).map(row =>
      withoutUndefined({
        cluster: row.cluster,
        status: row.status,
        failures: Number(row.failures),
        since: optional(row.since),
        message: optional(row.message),
      }),
    );
  }

  async put(records: ClusterHealthRecord[]) {
    for (const record of records) {
      await this.db(TABLE)
        .insert({
          cluster: record.cluster,
          status: record.status,
          failures: record.failures,
          since: record.since ?? null,
          message: record.message ?? null,
          updated_at: this.now(),
        })
        .onConflict('cluster')
        .merge();
    }
  }
}
