/** Server time, with the per-cluster skew fault applied. */
export class Clock {
  skewMs = 0;
  /** The last second formatted: writes in the same second share one string (time and memory). */
  private lastSecond = NaN;
  private lastTimestamp = '';
  private lastMs = NaN;
  private lastIso = '';

  now(): number {
    return Date.now() + this.skewMs;
  }

  /** RFC 3339 to the second, as Kubernetes writes timestamps. */
  timestamp(): string {
    const now = this.now();
    const second = Math.floor(now / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastTimestamp = new Date(second * 1000)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
    }
    return this.lastTimestamp;
  }

  /** ISO 8601 with milliseconds (the write log's time); one string per millisecond. */
  isoTime(): string {
    const now = this.now();
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.lastIso = new Date(now).toISOString();
    }
    return this.lastIso;
  }

  /** RFC 3339 with microseconds, as MicroTime fields use. */
  microTimestamp(): string {
    return new Date(this.now()).toISOString().replace(/Z$/, '000Z');
  }
}
