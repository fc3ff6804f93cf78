import { Operations } from '../operations/Operations';
import { takeSnapshot, writeSnapshot } from './snapshot';

/** How long after a write the objects are saved; later writes in that time ride along. */
export const SAVE_DELAY_MS = 1000;

/**
 * Saves a cluster's objects to its state directory soon after writes (at
 * most once per SAVE_DELAY_MS) and when it stops.
 */
export class StateSaver {
  private timer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ops: Operations,
    private readonly directory: string,
    private readonly onError: (error: Error) => void,
  ) {
    this.unsubscribe = ops.store.subscribe(() => this.schedule());
  }

  /** Stops watching for writes and saves what is there now. */
  async stop() {
    this.unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch(this.onError);
    }, SAVE_DELAY_MS).unref();
  }

  /** Saves are chained: a slow one never races the next. */
  save() {
    this.saving = this.saving
      .catch(() => undefined)
      .then(() => writeSnapshot(this.directory, takeSnapshot(this.ops)));
    return this.saving;
  }
}
