import { Toleration } from '@miniplanes/plugin-miniplanes-common';

/*
 * The form's text fields and the document's values, both ways. Parsing is
 * lenient on purpose: whatever the user types goes into the document, and the
 * shared validation then reports problems at their exact path.
 */

/** `US, CA` → `['US', 'CA']`; blank → undefined (the field is removed). */
export function parseList(text: string): string[] | undefined {
  const items = text
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function formatList(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

/** `12` → 12; blank → undefined; anything else stays text for validation to report. */
export function parseCount(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function formatCount(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Blank → undefined, so that clearing a field removes it. */
function parseText(text: string): string | undefined {
  return text.trim() || undefined;
}

function formatText(value: unknown): string {
  return typeof value === 'string' ? value : formatCount(value);
}

const TOLERATION = /^([^=:]*)(?:=([^:]*))?(?::(.*))?$/;

/**
 * Tolerations as people write them: `spot` (tolerate any spot taint),
 * `spot=true:NoSchedule`, `:NoExecute` (any taint with that effect).
 */
export function parseTolerations(text: string): Toleration[] | undefined {
  return parseList(text)?.map(item => {
    const [, key, value, effect] = TOLERATION.exec(item)!;
    return {
      ...(key ? { key } : {}),
      operator: value === undefined ? 'Exists' : 'Equal',
      ...(value !== undefined ? { value } : {}),
      ...(effect ? { effect } : {}),
    } as Toleration;
  });
}

export function formatTolerations(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((t: Partial<Toleration>) => {
      const equal = t.operator !== 'Exists' && t.value !== undefined;
      return `${t.key ?? ''}${equal ? `=${t.value}` : ''}${
        t.effect ? `:${t.effect}` : ''
      }`;
    })
    .join(', ');
}

/** `region=us-east-1, tier=gold` → `{ region: 'us-east-1', tier: 'gold' }`. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const items = parseList(text);
  if (!items) return undefined;
  return Object.fromEntries(
    items.map(item => {
      const at = item.indexOf('=');
      return at < 0
        ? [item, '']
        : [item.slice(0, at).trim(), item.slice(at + 1).trim()];
    }),
  );
}

export function formatLabels(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `${key}=${v}`)
    .join(', ');
}

/*
 * The kinds of field, each a format and parse that belong together (and a
 * count's number input), for a DocTextField to spread.
 */
export const listField = { format: formatList, parse: parseList };
export const countField = {
  type: 'number',
  format: formatCount,
  parse: parseCount,
};
export const textField = { format: formatText, parse: parseText };
export const tolerationsField = {
  format: formatTolerations,
  parse: parseTolerations,
};
