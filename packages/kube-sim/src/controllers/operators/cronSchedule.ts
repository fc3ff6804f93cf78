import { parseGoDuration } from './goDuration';

type Field = { name: string; min: number; max: number; names?: string[] };

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' '),
  },
  {
    name: 'day of week',
    min: 0,
    max: 6,
    names: 'sun mon tue wed thu fri sat'.split(' '),
  },
];

const DESCRIPTORS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

/**
 * Why Velero would refuse a Schedule's `spec.schedule`, in its words: the
 * standard five-field cron syntax or a descriptor (`@daily`, `@every 1h`)
 * that robfig/cron's ParseStandard accepts, optionally after `CRON_TZ=`.
 * Empty when the expression is valid.
 */
export function cronScheduleErrors(schedule: string | undefined): string[] {
  if (!schedule) return ['Schedule must be a non-empty valid Cron expression'];
  const error = cronError(schedule.replace(/^(CRON_TZ|TZ)=\S+\s+/, ''));
  return error ? [`invalid schedule: ${error}`] : [];
}

function cronError(spec: string): string | undefined {
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.includes(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const duration = spec.slice('@every '.length);
      return parseGoDuration(duration) === undefined
        ? `failed to parse duration ${spec}: time: invalid duration "${duration}"`
        : undefined;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `expected exactly 5 fields, found ${fields.length}: [${fields.join(
      ' ',
    )}]`;
  }
  for (const [i, field] of fields.entries()) {
    for (const part of field.split(',')) {
      const error = rangeError(part, FIELDS[i]);
      if (error) return error;
    }
  }
  return undefined;
}

function rangeError(part: string, field: Field): string | undefined {
  const [range, step, ...moreSlashes] = part.split('/');
  if (moreSlashes.length) return `too many slashes: ${part}`;
  if (step !== undefined && !(Number(step) > 0 && /^\d+$/.test(step)))
    return `step of range should be a positive number: ${part}`;
  if (range === '*' || range === '?') return undefined;
  const [low, high, ...moreHyphens] = range.split('-');
  if (moreHyphens.length) return `too many hyphens: ${part}`;
  const start = valueOf(low, field);
  const end = high === undefined ? start : valueOf(high, field);
  if (typeof start === 'string') return start;
  if (typeof end === 'string') return end;
  if (start < field.min)
    return `beginning of range (${start}) below minimum (${field.min}): ${part}`;
  if (end > field.max)
    return `end of range (${end}) above maximum (${field.max}): ${part}`;
  if (start > end)
    return `beginning of range (${start}) beyond end of range (${end}): ${part}`;
  return undefined;
}

/** A field value (a number or a month/day name), or the error text. */
function valueOf(text: string, field: Field): number | string {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text))
    return `failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`;
  return Number(text);
}
