// @ts-check

/**
 * Each cluster's sovereignty labels (jurisdiction) as the fleet last saw
 * them, and every change of them: a change re-checks every service and is
 * shown on the fleet page, and the row is compared and set so that several
 * backend replicas record a change once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_cluster_sovereignty', table => {
    table.comment('The sovereignty labels of each cluster as last seen');
    table.string('cluster').notNullable();
    table.string('label').notNullable();
    table.string('value').nullable();
    table.string('source').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['cluster', 'label']);
  });
  await knex.schema.createTable('miniplanes_sovereignty_changes', table => {
    table.comment('Changes of cluster sovereignty labels');
    table.increments('id');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('cluster').notNullable();
    table.string('label').notNullable();
    table.string('from_value').nullable();
    table.string('to_value').nullable();
    table.string('source').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('miniplanes_sovereignty_changes');
  await knex.schema.dropTable('miniplanes_cluster_sovereignty');
};
