import { RolloutState } from '@miniplanes/plugin-miniplanes-common';
import { ClockedDatabaseStore } from './ClockedDatabaseStore';
import { RolloutStore } from './RolloutStore';
import { chunks } from './rows';

const TABLE = 'miniplanes_rollouts';

/** RolloutStore on the plugin's database. */
export class DatabaseRolloutStore
  extends ClockedDatabaseStore
  implements RolloutStore
{
  async list(entityRefs?: string[]) {
    const rows = [];
    if (!entityRefs) rows.push(...(await this.db(TABLE)));
    else {
      for (const refs of chunks(entityRefs))
        rows.push(...(await this.db(TABLE).whereIn('entity_ref', refs)));
    }
    return new Map<string, RolloutState>(
      rows.map(row => [row.entity_ref, JSON.parse(row.state)]),
    );
  }

  async put(
    entityRef: string,
    state: RolloutState,
    expected: RolloutState | undefined,
  ) {
    const row = {
      spec_version: state.specVersion,
      state: JSON.stringify(state),
      updated_at: this.now(),
    };
    if (!expected) {
      try {
        await this.db(TABLE).insert({ entity_ref: entityRef, ...row });
        return true;
      } catch (error) {
        // The primary key: someone else started it first.
        const exists = await this.db(TABLE)
          .where({ entity_ref: entityRef })
          .first();
        if (exists) return false;
        throw error;
      }
    }
    // The state is stored as JSON.stringify wrote it, so what list() parsed
    // serialises back to the same text.
    const updated = await this.db(TABLE)
      .where({ entity_ref: entityRef, state: JSON.stringify(expected) })
      .update(row);
    return updated === 1;
  }
}
