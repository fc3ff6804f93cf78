import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateMiniplanesDatabase } from './migrateMiniplanesDatabase';

/** What a store that stamps times is created with. */
export interface ClockedStoreOptions {
  database: DatabaseService;
  /** The backend's clock (timestamps shown beside the sync's). */
  now?: () => Date;
}

/**
 * A store on the plugin's database that stamps its writes with the backend's
 * clock. Subclasses are made by their static `create`, which migrates the
 * database first (see `open`).
 */
export abstract class ClockedDatabaseStore {
  protected constructor(
    protected readonly db: Knex,
    protected readonly now: () => Date,
  ) {}

  /** A subclass's constructor arguments: the migrated database and the clock. */
  protected static async open(
    options: ClockedStoreOptions,
  ): Promise<[Knex, () => Date]> {
    return [
      await migrateMiniplanesDatabase(options.database),
      options.now ?? (() => new Date()),
    ];
  }
}
