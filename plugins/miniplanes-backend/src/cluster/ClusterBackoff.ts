/**
 * Per-cluster backoff: after a retryable failure a cluster is left alone for
 * a while, doubling up to a cap, or for as long as its Retry-After says.
 * Other clusters are unaffected.
 */
export class ClusterBackoff {
  private readonly state = new Map<
    string,
    { failures: number; until: number }
  >();

  constructor(
    private readonly options: {
      initialMs: number;
      maxMs: number;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Milliseconds until the cluster may be called again; 0 when it may now. */
  remainingMs(cluster: string): number {
    const entry = this.state.get(cluster);
    return entry ? Math.max(0, entry.until - this.now()) : 0;
  }

  recordFailure(cluster: string, retryAfterMs?: number): number {
    const failures = (this.state.get(cluster)?.failures ?? 0) + 1;
    const exponential = Math.min(
      this.options.maxMs,
      this.options.initialMs * 2 ** (failures - 1),
    );
    const delay = Math.max(exponential, retryAfterMs ?? 0);
    this.state.set(cluster, { failures, until: this.now() + delay });
    return delay;
  }

  recordSuccess(cluster: string): void {
    this.state.delete(cluster);
  }
}
