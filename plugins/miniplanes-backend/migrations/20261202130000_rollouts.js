// @ts-check

/**
 * The progress of each service's staged rollout (spec.rollout): the version
 * rolling out and the state of its stages and clusters, kept between sync
 * passes and across restarts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_rollouts', table => {
    table.comment('Staged rollouts of approved versions');
    table.string('entity_ref').primary().notNullable();
    table.integer('spec_version').notNullable();
    table.text('state').notNullable().comment('RolloutState, JSON');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('miniplanes_rollouts');
};
