// @ts-check

/**
 * When a pass last found a service's status records unchanged, one row a
 * service: a settled fleet's pass stamped every record (a row update per
 * service and cluster, every pass, with the WAL and dead rows that leaves)
 * where it now writes a stamp per service. A record's time is the later of
 * its own and its service's stamp, when the stamp names the record's cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_status_stamps', table => {
    table.comment(
      'When the sync last found a service’s status records unchanged',
    );
    table.string('entity_ref').primary();
    table
      .timestamp('synced_at', { useTz: true })
      .notNullable()
      .comment('The earliest start of the clusters’ syncs in that pass');
    table
      .text('clusters')
      .notNullable()
      .comment('The clusters whose records it stamps, JSON array');
  });
};

/**
 * Back to a time on each record: every stamp is folded into the records it
 * names, so a version before stamps shows the same times.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const stamp of await knex('miniplanes_status_stamps').select()) {
    await knex('miniplanes_cluster_status')
      .where('entity_ref', stamp.entity_ref)
      .whereIn('cluster', JSON.parse(stamp.clusters))
      .where('last_sync_at', '<', stamp.synced_at)
      .update({ last_sync_at: stamp.synced_at });
  }
  await knex.schema.dropTable('miniplanes_status_stamps');
};
