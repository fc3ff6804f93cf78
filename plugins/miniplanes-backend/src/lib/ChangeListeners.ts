/**
 * Callbacks told what changed: by default which service (the sync, the
 * portal's signals), or another kind of change.
 */
export class ChangeListeners<T = string> {
  private readonly listeners = new Set<(change: T) => void>();

  /** Adds a listener; the returned function removes it. */
  add(listener: (change: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(change: T): void {
    for (const listener of this.listeners) listener(change);
  }
}
