// @ts-check

/**
 * Federated services with versioned specs and their current decision and
 * status, placement requests, and the event history of both.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_services', table => {
    table.comment('One federated service per catalog entity');
    table.string('entity_ref').primary().notNullable();
    table.integer('spec_version').notNullable();
    table.text('spec').notNullable().comment('FederatedService document, JSON');
    table
      .text('decision')
      .nullable()
      .comment('Current PlacementDecision, JSON');
    table.text('status').nullable().comment('Per-cluster sync status, JSON');
    table.string('source').notNullable().comment('api, seed or request');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('miniplanes_service_versions', table => {
    table.comment('Every spec a service ever had');
    table.string('entity_ref').notNullable();
    table.integer('spec_version').notNullable();
    table.text('spec').notNullable();
    table.string('created_by').nullable();
    table.string('request_id').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'spec_version']);
  });
  await knex.schema.createTable('miniplanes_requests', table => {
    table.comment('Placement requests and their decisions');
    table.string('id').primary().notNullable();
    table.string('entity_ref').notNullable().index();
    table.string('status').notNullable().index();
    table.string('requested_by').notNullable();
    table.text('reason').notNullable();
    table.text('spec').notNullable().comment('Proposed FederatedService, JSON');
    table
      .text('preview')
      .notNullable()
      .comment('Decision the proposal gives, JSON');
    table
      .text('diff')
      .notNullable()
      .comment('Diff against the current decision, JSON');
    table.text('checks').notNullable().comment('Policy checks, JSON');
    table
      .integer('base_spec_version')
      .nullable()
      .comment('Spec version the request was filed against');
    table.string('decided_by').nullable();
    table.text('comment').nullable();
    table.text('failure').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('miniplanes_events', table => {
    table.comment('History of services and requests');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable().index();
    table.string('request_id').nullable();
    table.string('type').notNullable();
    table.string('actor').nullable();
    table.text('message').notNullable();
    table.text('details').nullable().comment('JSON');
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('miniplanes_events');
  await knex.schema.dropTable('miniplanes_requests');
  await knex.schema.dropTable('miniplanes_service_versions');
  await knex.schema.dropTable('miniplanes_services');
};
