import { ClusterBackoff } from './ClusterBackoff';

describe('ClusterBackoff', () => {
  it('doubles up to the cap, honours a longer Retry-After and resets on success', () => {
    let now = 0;
    const backoff = new ClusterBackoff({
      initialMs: 1000,
      maxMs: 4000,
      now: () => now,
    });
    expect(backoff.recordFailure('a')).toBe(1000);
    expect(backoff.recordFailure('a')).toBe(2000);
    expect(backoff.recordFailure('a')).toBe(4000);
    expect(backoff.recordFailure('a')).toBe(4000);
    expect(backoff.recordFailure('a', 30_000)).toBe(30_000);
    expect(backoff.remainingMs('b')).toBe(0);
    now = 10_000;
    expect(backoff.remainingMs('a')).toBe(20_000);
    backoff.recordSuccess('a');
    expect(backoff.remainingMs('a')).toBe(0);
  });
});
