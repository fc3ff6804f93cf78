import { Knex } from 'knex';

/**
 * Updates rows that exist, found by `key`, to the values of the given rows
 * (all of one shape; the last of two with one key wins). A row whose key is
 * not in the table is not written: an update never brings back a row
 * deleted meanwhile.
 *
 * On PostgreSQL it is one `UPDATE … FROM json_populate_recordset(…)`, the
 * rows as one JSON parameter (as insertRows sends them): a statement a row
 * would cost a round trip and a commit each. SQLite runs in this process,
 * where a statement costs no round trip: each row is its own update, all in
 * one transaction.
 */
export async function updateRows(
  db: Knex,
  table: string,
  key: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  const latest = [...new Map(rows.map(row => [row[key], row])).values()];
  if (latest.length === 0) return;
  const columns = Object.keys(latest[0]).filter(column => column !== key);
  if (db.client.dialect === 'postgresql') {
    await db.raw(
      `update ?? set ${columns.map(() => '?? = ??').join(', ')} ` +
        `from json_populate_recordset(null::??, ?) as ?? where ?? = ??`,
      [
        table,
        ...columns.flatMap(column => [column, `given.${column}`]),
        table,
        JSON.stringify(latest),
        'given',
        `${table}.${key}`,
        `given.${key}`,
      ],
    );
    return;
  }
  await db.transaction(async tx => {
    for (const row of latest) {
      const values = Object.fromEntries(
        columns.map(column => [column, row[column] ?? null]),
      );
      await tx(table)
        .where(key, row[key] as Knex.Value)
        .update(values);
    }
  });
}
