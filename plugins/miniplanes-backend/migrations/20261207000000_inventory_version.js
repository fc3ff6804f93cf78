// @ts-check

/**
 * A count of the writes to the inventory, kept by the database itself: a
 * sync pass reads every service's inventory, and a replica reuses what it
 * read while the count stays the same, so a steady pass reads no inventory
 * row. Triggers count every write, whichever replica or statement made it
 * (an operator's fix by hand included), in the writing transaction: a
 * count read after a write committed is never the one read before it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_table_versions', table => {
    table.comment('How many writes a table has had, counted by triggers');
    table.string('name', 64).primary().comment('The table counted');
    table
      .bigInteger('version')
      .notNullable()
      .defaultTo(0)
      .comment('Bumped by every write to the table');
  });
  await knex('miniplanes_table_versions').insert({
    name: 'miniplanes_inventory',
    version: 0,
  });
  const bump = `update miniplanes_table_versions set version = version + 1 where name = 'miniplanes_inventory'`;
  if (knex.client.dialect === 'postgresql') {
    // The function's search_path is the one it is made in (the plugin's
    // schema, where Backstage divides plugins by schema), so a write from a
    // session with another search_path still counts.
    await knex.raw(`
      create function miniplanes_inventory_written() returns trigger
      language plpgsql set search_path from current as $$
      begin
        ${bump};
        return null;
      end $$`);
    await knex.raw(`
      create trigger miniplanes_inventory_written
      after insert or update or delete or truncate on miniplanes_inventory
      for each statement execute function miniplanes_inventory_written()`);
  } else if (knex.client.dialect === 'sqlite3') {
    for (const event of ['insert', 'update', 'delete']) {
      await knex.raw(`
        create trigger miniplanes_inventory_${event}
        after ${event} on miniplanes_inventory
        begin ${bump}; end`);
    }
  } else {
    throw new Error(
      `miniplanes keeps its store on PostgreSQL or SQLite, not ${knex.client.dialect}`,
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.dialect === 'postgresql') {
    await knex.raw(
      'drop trigger miniplanes_inventory_written on miniplanes_inventory',
    );
    await knex.raw('drop function miniplanes_inventory_written()');
  } else {
    for (const event of ['insert', 'update', 'delete'])
      await knex.raw(`drop trigger miniplanes_inventory_${event}`);
  }
  await knex.schema.dropTable('miniplanes_table_versions');
};
