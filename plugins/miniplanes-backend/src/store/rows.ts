/** Keeps IN lists and batches well below every database's parameter limit. */
const CHUNK = 200;

/** A timestamp column as ISO text; undefined for NULL. */
export const iso = (value: Date | string | number | null | undefined) =>
  value === null || value === undefined
    ? undefined
    : new Date(value).toISOString();

/** A nullable column as an optional field. */
export const optional = <T>(value: T | null | undefined) =>
  value === null || value === undefined ? undefined : value;

export function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK)
    result.push(items.slice(i, i + CHUNK));
  return result;
}
