import { ClusterHealthRecord, ClusterHealthStore } from './ClusterHealthStore';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { optional } from './rows';
import { withoutUndefined } from '../lib/withoutUndefined';

const TABLE = 'miniplanes_cluster_health';

/** ClusterHealthStore on the plugin's database. */
export class DatabaseClusterHealthStore
  extends ClockedDatabaseStore
  implements ClusterHealthStore
{
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
