import { Knex } from 'knex';

/** Keeps IN lists and batches well below every database's parameter limit. */
const CHUNK = 200;

/** The last timestamp `iso` converted: a pass stamps thousands of rows with one. */
let lastConverted: { value: string | number; text: string } | undefined;

/** A timestamp column as ISO text; undefined for NULL. */
export function iso(value: Date | string | number | null | undefined) {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return value.toISOString();
  if (lastConverted?.value !== value)
    lastConverted = { value, text: new Date(value).toISOString() };
  return lastConverted.text;
}

/** A nullable column as an optional field. */
export const optional = <T>(value: T | null | undefined) =>
  value === null || value === undefined ? undefined : value;

/**
 * A page of at most `limit` rows of `query`, read one row further so as to
 * know whether more follow.
 */
export async function readPage<T>(
  query: Knex.QueryBuilder,
  limit: number,
): Promise<{ rows: T[]; more: boolean }> {
  const rows: T[] = await query.limit(limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK)
    result.push(items.slice(i, i + CHUNK));
  return result;
}
