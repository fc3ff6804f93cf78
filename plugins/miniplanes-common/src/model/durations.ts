import { z } from 'zod';
import { describeValue } from './describeValue';

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * A duration in a document: hours, minutes and seconds such as `90s`, `5m`
 * or `1h30m`.
 *
 * @public
 */
export const durationSchema = z
  .string()
  .refine(value => value !== '' && DURATION.test(value), {
    error: iss =>
      `expected a duration such as 30s, 5m or 1h30m, got ${describeValue(
        iss.input,
      )}`,
  });

/**
 * Milliseconds of a duration that {@link durationSchema} accepted.
 *
 * @public
 */
export function durationMs(value: string): number {
  const match = DURATION.exec(value);
  if (!match || value === '') throw new Error(`not a duration: ${value}`);
  const [, h = '0', m = '0', s = '0'] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}
