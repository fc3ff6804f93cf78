// @ts-check

/**
 * The sync's lease: the one row whose holder may write to the clusters.
 * Backstage's scheduler runs the periodic pass on one replica at a time; the
 * lease extends that to passes started outside the scheduler (an approval's
 * immediate pass), so two replicas never sync at once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_sync_lease', table => {
    table.string('name').primary().comment('The lease, "sync"');
    table
      .string('holder')
      .nullable()
      .comment('The replica process that holds it, none when free');
    table
      .bigInteger('expires_at_ms')
      .notNullable()
      .defaultTo(0)
      .comment("When the holder's claim lapses, in the database's clock (ms)");
  });
  await knex('miniplanes_sync_lease').insert({
    name: 'sync',
    holder: null,
    expires_at_ms: 0,
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('miniplanes_sync_lease');
};
