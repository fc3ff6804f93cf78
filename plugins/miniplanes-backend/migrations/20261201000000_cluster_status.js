// @ts-check

/**
 * What the sync last saw and did for each federated service in each member
 * cluster: applied spec, replicas, drift, retained data and the last error.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_cluster_status', table => {
    table.comment('Per service and member cluster sync status');
    table.string('entity_ref').notNullable();
    table.string('cluster').notNullable();
    table
      .string('state')
      .notNullable()
      .comment('InSync, Progressing, Drifted, Error or BackingOff');
    table
      .integer('spec_version')
      .nullable()
      .comment('Spec version last synced to the cluster');
    table
      .string('applied_hash')
      .nullable()
      .comment('Hash of every desired manifest last applied');
    table
      .integer('applied_generation')
      .nullable()
      .comment('Lowest metadata.generation among the workloads');
    table.integer('desired_replicas').nullable();
    table.integer('ready_replicas').nullable();
    table.integer('drift_count').notNullable().defaultTo(0);
    table
      .text('retained')
      .nullable()
      .comment('Data objects kept though no longer placed here, JSON');
    table.text('objects').nullable().comment('Per object status, JSON');
    table.text('last_error').nullable();
    table.timestamp('last_sync_at', { useTz: true }).notNullable();
    table.timestamp('last_change_at', { useTz: true }).nullable();
    table.primary(['entity_ref', 'cluster']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('miniplanes_cluster_status');
};
