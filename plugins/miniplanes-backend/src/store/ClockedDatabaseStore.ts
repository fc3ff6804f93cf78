import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateMiniplanesDatabase } from './migrateMiniplanesDatabase';

/** What a store on the plugin's database is created with. */
export interface ClockedStoreOptions {
  database: DatabaseService;
  /** The backend's clock (timestamps shown beside the sync's). */
  now?: () => Date;
  /** Leave the schema as it is (the deployment migrates it itself). */
  skipMigrations?: boolean;
}

/**
 * A store on the plugin's database that stamps its writes with the backend's
 * clock. Its constructor is protected: a store is made only by the shared
 * static `create`, which migrates the database first.
 */
export abstract class ClockedDatabaseStore {
  protected constructor(
    protected readonly db: Knex,
    protected readonly now: () => Date,
  ) {}

  /**
   * The store of the class it is called on (`DatabaseRolloutStore.create`),
   * on the migrated database.
   */
  static async create<T extends ClockedDatabaseStore>(
    this: { prototype: T },
    options: ClockedStoreOptions,
  ): Promise<T> {
    // Only the subclasses' protected constructor is reached, and only here.
    const Store = this as unknown as new (db: Knex, now: () => Date) => T;
    return new Store(
      await migrateMiniplanesDatabase(options.database, options),
      options.now ?? (() => new Date()),
    );
  }
}
