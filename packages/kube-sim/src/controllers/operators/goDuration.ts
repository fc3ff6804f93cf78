const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A duration as operators written in Go read it (time.ParseDuration):
 * `720h0m0s`, `1h30m`, `1.5h`, `300ms`, `0`. Milliseconds, or undefined
 * when Go would refuse the text.
 */
export function parseGoDuration(text: string): number | undefined {
  const match = /^([-+]?)(.*)$/.exec(text)!;
  const body = match[2];
  if (body === '0') return 0;
  if (!body) return undefined;
  let total = 0;
  let rest = body;
  while (rest) {
    const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * UNIT_MS[part[2]];
    rest = rest.slice(part[0].length);
  }
  return match[1] === '-' ? -total : total;
}
