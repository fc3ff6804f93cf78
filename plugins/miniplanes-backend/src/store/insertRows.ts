import { Knex } from 'knex';

/** What an insert does with a row whose key is taken. */
type OnConflict =
  | { ignore: true }
  | {
      /** Every inserted column takes the new row's value... */
      merge: true;
      /** ...only where this column of the row there equals the new row's. */
      onlyWhereSame?: string;
    };

/**
 * Inserts rows (all of one shape) in one `INSERT … VALUES (…), (…) ON
 * CONFLICT …` statement, answering the `returning` columns of the rows it
 * wrote. knex writes a multi-row SQLite insert as a compound `SELECT ? AS
 * col, … UNION ALL SELECT …`, which SQLite parses and plans far more slowly
 * than a VALUES list: a 1,000-service rollout's inventory claims and records
 * and status rows spent about half a second of CPU preparing them. SQLite
 * (3.35 and later) and PostgreSQL take this same statement.
 */
export async function insertRows(
  db: Knex,
  table: string,
  rows: Record<string, unknown>[],
  {
    conflict,
    onConflict,
    returning = [],
  }: { conflict: string[]; onConflict: OnConflict; returning?: string[] },
): Promise<Record<string, any>[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  const identifiers = (names: string[]) => names.map(() => '??').join(', ');
  const row = `(${columns.map(() => '?').join(', ')})`;
  const values: unknown[] = [];
  for (const each of rows)
    for (const column of columns) values.push(each[column] ?? null);

  let sql = `insert into ?? (${identifiers(columns)}) values ${rows
    .map(() => row)
    .join(', ')} on conflict (${identifiers(conflict)}) `;
  const bindings: unknown[] = [table, ...columns, ...values, ...conflict];
  if ('ignore' in onConflict) {
    sql += 'do nothing';
  } else {
    sql += `do update set ${columns.map(() => '?? = ??').join(', ')}`;
    for (const column of columns) bindings.push(column, `excluded.${column}`);
    if (onConflict.onlyWhereSame) {
      sql += ' where ?? = ??';
      bindings.push(
        `${table}.${onConflict.onlyWhereSame}`,
        `excluded.${onConflict.onlyWhereSame}`,
      );
    }
  }
  if (returning.length) {
    sql += ` returning ${identifiers(returning)}`;
    bindings.push(...returning);
  }
  const result = await db.raw(sql, bindings as Knex.RawBinding[]);
  // better-sqlite3 answers the rows; pg a result holding them.
  return Array.isArray(result) ? result : result.rows ?? [];
}
