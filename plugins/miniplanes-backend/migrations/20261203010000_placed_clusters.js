// @ts-check

/**
 * The clusters each service's decision selects, beside the decision: the
 * fleet page lists what runs on every cluster from this narrow column
 * instead of reading every service's spec and decision.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('miniplanes_services', table => {
    table
      .text('placed_clusters')
      .nullable()
      .comment("The decision's selected clusters, a JSON array of names");
  });
  const rows = await knex('miniplanes_services')
    .whereNotNull('decision')
    .select('entity_ref', 'decision');
  for (const row of rows) {
    /** @type {{ clusters?: { name: string, selected: boolean }[] }} */
    const decision = JSON.parse(row.decision);
    await knex('miniplanes_services')
      .where({ entity_ref: row.entity_ref })
      .update({
        placed_clusters: JSON.stringify(
          (decision.clusters ?? []).filter(c => c.selected).map(c => c.name),
        ),
      });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('miniplanes_services', table => {
    table.dropColumn('placed_clusters');
  });
};
