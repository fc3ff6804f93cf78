import { DatabaseService } from '@backstage/backend-plugin-api';
import { ClockedDatabaseStore } from '../store/ClockedDatabaseStore';

/**
 * A store on a clock the test moves by hand: `clock.advance(ms)` moves
 * the time the store stamps and reads by, from 2026-12-04T10:00:00Z.
 */
export async function storeOnTestClock<T extends ClockedDatabaseStore>(
  Store: { prototype: T; create: typeof ClockedDatabaseStore.create },
  database: DatabaseService,
) {
  let ms = Date.parse('2026-12-04T10:00:00Z');
  const clock = {
    now: () => new Date(ms),
    advance: (byMs: number) => {
      ms += byMs;
    },
  };
  return { store: await Store.create({ database, now: clock.now }), clock };
}
