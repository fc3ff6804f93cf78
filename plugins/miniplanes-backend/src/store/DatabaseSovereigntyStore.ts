import { SovereigntyChange } from '@miniplanes/plugin-miniplanes-common';
import { Knex } from 'knex';
import { withoutUndefined } from '../lib/withoutUndefined';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { iso, optional } from './rows';
import { ObservedSovereigntyLabel, SovereigntyStore } from './SovereigntyStore';

const LABELS = 'miniplanes_cluster_sovereignty';
const CHANGES = 'miniplanes_sovereignty_changes';

/** SovereigntyStore on the plugin's database. */
export class DatabaseSovereigntyStore
  extends ClockedDatabaseStore
  implements SovereigntyStore
{
  async observe(
    labels: ObservedSovereigntyLabel[],
  ): Promise<SovereigntyChange[]> {
    const seen = new Map(
      (await this.db(LABELS).select('cluster', 'label', 'value')).map(row => [
        `${row.cluster}\u0000${row.label}`,
        optional<string>(row.value),
      ]),
    );
    const changes: SovereigntyChange[] = [];
    for (const observed of labels) {
      const key = `${observed.cluster}\u0000${observed.label}`;
      const known = seen.has(key);
      const before = seen.get(key);
      if (known ? before === observed.value : observed.value === undefined)
        continue;
      const change = await this.db.transaction(tx =>
        this.recordChange(tx, observed, known, before),
      );
      if (change) changes.push(change);
    }
    return changes;
  }

  /**
   * Sets the label only if it still holds what this replica read, so that of
   * several replicas seeing the same change exactly one records it.
   */
  private async recordChange(
    tx: Knex.Transaction,
    observed: ObservedSovereigntyLabel,
    known: boolean,
    before: string | undefined,
  ): Promise<SovereigntyChange | undefined> {
    const at = this.now();
    const row = {
      value: observed.value ?? null,
      source: observed.source ?? null,
      updated_at: at,
    };
    if (known) {
      const updated = await tx(LABELS)
        .where({ cluster: observed.cluster, label: observed.label })
        .where('value', before ?? null)
        .update(row);
      if (updated === 0) return undefined;
    } else {
      const inserted = await tx(LABELS)
        .insert({ cluster: observed.cluster, label: observed.label, ...row })
        .onConflict(['cluster', 'label'])
        .ignore()
        .returning('cluster');
      if (inserted.length === 0) return undefined;
    }
    const change = withoutUndefined({
      at: at.toISOString(),
      cluster: observed.cluster,
      label: observed.label,
      from: before,
      to: observed.value,
      source: observed.source ?? 'no source',
    });
    await tx(CHANGES).insert({
      at,
      cluster: change.cluster,
      label: change.label,
      from_value: change.from ?? null,
      to_value: change.to ?? null,
      source: change.source,
    });
    return change;
  }

  async listChanges(
    options: { limit?: number } = {},
  ): Promise<SovereigntyChange[]> {
    const rows = await this.db(CHANGES)
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100);
    return rows.map(row =>
      withoutUndefined({
        at: iso(row.at)!,
        cluster: row.cluster,
        label: row.label,
        from: optional<string>(row.from_value),
        to: optional<string>(row.to_value),
        source: row.source,
      }),
    );
  }
}
