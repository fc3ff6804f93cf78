// @ts-check

/**
 * What the data clusters' operators report of each service's data
 * operations (last backup, replication role and lag), kept with the sync
 * status of that cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('miniplanes_cluster_status', table => {
    table
      .text('operations')
      .nullable()
      .comment('Data operations status read from the operators, JSON');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('miniplanes_cluster_status', table => {
    table.dropColumn('operations');
  });
};
