/** A kind of object, as the API server serves it. */
export interface KindRef {
  apiVersion: string;
  kind: string;
}

/**
 * Values by apiVersion and kind. A pass looks kinds up for every object of
 * every service on every cluster: two map lookups cost less than building
 * and hashing an "apiVersion/kind" string each time.
 */
export class KindTable<T> {
  private readonly byApiVersion = new Map<string, Map<string, T>>();

  get(ref: KindRef): T | undefined {
    return this.byApiVersion.get(ref.apiVersion)?.get(ref.kind);
  }

  has(ref: KindRef): boolean {
    return this.byApiVersion.get(ref.apiVersion)?.has(ref.kind) ?? false;
  }

  set(ref: KindRef, value: T): void {
    let kinds = this.byApiVersion.get(ref.apiVersion);
    if (!kinds) {
      kinds = new Map();
      this.byApiVersion.set(ref.apiVersion, kinds);
    }
    kinds.set(ref.kind, value);
  }

  /** Every kind held, in the order first set. */
  *kinds(): IterableIterator<KindRef> {
    for (const [apiVersion, kinds] of this.byApiVersion)
      for (const kind of kinds.keys()) yield { apiVersion, kind };
  }
}
