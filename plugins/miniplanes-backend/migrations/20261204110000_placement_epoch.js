// @ts-check

/**
 * A counter every decision write increments in its own transaction, and the
 * value each service's placement was written at: the fleet page's index of
 * what runs on each cluster reads only the services placed since it last
 * looked, on every replica, instead of every service on every request.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_placement_epoch', table => {
    table.string('name').primary().comment('The counter, "placements"');
    table
      .bigInteger('epoch')
      .notNullable()
      .comment('Incremented by every decision write, in its transaction');
  });
  await knex('miniplanes_placement_epoch').insert({
    name: 'placements',
    epoch: 0,
  });
  await knex.schema.alterTable('miniplanes_services', table => {
    table
      .bigInteger('placed_epoch')
      .nullable()
      .index()
      .comment('The epoch its placed_clusters were written at');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('miniplanes_services', table => {
    table.dropIndex(['placed_epoch']);
    table.dropColumn('placed_epoch');
  });
  await knex.schema.dropTable('miniplanes_placement_epoch');
};
