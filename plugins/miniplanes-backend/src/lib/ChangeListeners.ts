/** The callbacks told which service changed (the sync, the portal's signals). */
export class ChangeListeners {
  private readonly listeners = new Set<(entityRef: string) => void>();

  /** Adds a listener; the returned function removes it. */
  add(listener: (entityRef: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(entityRef: string): void {
    for (const listener of this.listeners) listener(entityRef);
  }
}
