import { Clock } from './Clock';

describe('Clock', () => {
  afterEach(() => jest.useRealTimers());

  it('writes RFC 3339 seconds and ISO milliseconds, reusing the last string, with the skew applied', () => {
    jest.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00.100Z') });
    const clock = new Clock();
    const first = clock.timestamp();
    expect(first).toBe('2026-03-01T10:00:00Z');
    jest.setSystemTime(Date.parse('2026-03-01T10:00:00.900Z'));
    expect(clock.timestamp()).toBe(first);
    jest.setSystemTime(Date.parse('2026-03-01T10:00:01.000Z'));
    expect(clock.timestamp()).toBe('2026-03-01T10:00:01Z');
    clock.skewMs = -60_000;
    expect(clock.timestamp()).toBe('2026-03-01T09:59:01Z');
    expect(clock.microTimestamp()).toBe('2026-03-01T09:59:01.000000Z');
    expect(clock.isoTime()).toBe('2026-03-01T09:59:01.000Z');
    jest.setSystemTime(Date.parse('2026-03-01T10:00:01.007Z'));
    expect(clock.isoTime()).toBe('2026-03-01T09:59:01.007Z');
  });
});
