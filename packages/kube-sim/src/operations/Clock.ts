/** Server time, with the per-cluster skew fault applied. */
export class Clock {
  skewMs = 0;

  now(): number {
    return Date.now() + this.skewMs;
  }

  /** RFC 3339 to the second, as Kubernetes writes timestamps. */
  timestamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** RFC 3339 with microseconds, as MicroTime fields use. */
  microTimestamp(): string {
    return new Date(this.now()).toISOString().replace(/Z$/, '000Z');
  }
}
