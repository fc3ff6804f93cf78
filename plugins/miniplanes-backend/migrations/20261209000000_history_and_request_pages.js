// @ts-check

/**
 * Indexes for reading history and requests a page at a time: a service's
 * newest history entries (by entity, then id) and the newest requests of a
 * status (by status, then creation time), without sorting every row of the
 * service or status for each page.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('miniplanes_events', table => {
    table.index(['entity_ref', 'id'], 'miniplanes_events_entity_ref_id_idx');
  });
  await knex.schema.alterTable('miniplanes_requests', table => {
    table.index(
      ['status', 'created_at'],
      'miniplanes_requests_status_created_at_idx',
    );
    table.index(['created_at'], 'miniplanes_requests_created_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('miniplanes_requests', table => {
    table.dropIndex([], 'miniplanes_requests_created_at_idx');
    table.dropIndex([], 'miniplanes_requests_status_created_at_idx');
  });
  await knex.schema.alterTable('miniplanes_events', table => {
    table.dropIndex([], 'miniplanes_events_entity_ref_id_idx');
  });
};
