/**
 * The right to write to the member clusters, held by one backend replica at a
 * time for a bounded time: a holder that dies mid-pass loses it when it lapses.
 */
export interface SyncLease {
  /**
   * Takes the lease for `holder` (or extends it, when it already holds it)
   * unless another holder's claim has not lapsed; true when `holder` holds it
   * for the next `ttlMs`.
   */
  acquire(holder: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease if `holder` still holds it. */
  release(holder: string): Promise<void>;
}
