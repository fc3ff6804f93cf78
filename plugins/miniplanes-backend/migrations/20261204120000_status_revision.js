// @ts-check

/**
 * A fresh id on every write of a sync status record's content: a pass reads
 * every record of its services, and a replica reuses what it parsed of the
 * JSON columns while the id stays the same, so a steady pass reads no JSON.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('miniplanes_cluster_status', table => {
    table
      .string('revision', 36)
      .nullable()
      .comment('Changes with every write of the record but lastSyncAt');
  });
  // One id for the records written before: each is read once, then reused.
  await knex('miniplanes_cluster_status').update({ revision: 'migrated' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('miniplanes_cluster_status', table => {
    table.dropColumn('revision');
  });
};
