// @ts-check
const { createHash } = require('node:crypto');
const { gunzipSync, gzipSync } = require('node:zlib');

/*
 * A decision explains every cluster of the fleet (~700 KB of JSON a service
 * at 1,000 clusters). The `decision` column now keeps only the lines of the
 * clusters it places, which is all the sync, re-evaluation and the fleet
 * page read; the whole decision moves, compressed, to `decision_detail`,
 * read for one service the API is asked about, with its digest beside it.
 * See src/store/decisionColumns.ts, which writes both.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('miniplanes_services', table => {
    table
      .binary('decision_detail')
      .nullable()
      .comment('The whole decision, every cluster explained, as gzipped JSON');
    table
      .string('decision_digest', 64)
      .nullable()
      .comment('SHA-256 of the whole decision as JSON');
  });
  const refs = await knex('miniplanes_services')
    .whereNotNull('decision')
    .pluck('entity_ref');
  // One row at a time: whole decisions are what does not fit in memory.
  for (const entityRef of refs) {
    const { decision } = await knex('miniplanes_services')
      .where({ entity_ref: entityRef })
      .first('decision');
    /** @type {{ clusters: { selected: boolean }[] }} */
    const whole = JSON.parse(decision);
    await knex('miniplanes_services')
      .where({ entity_ref: entityRef })
      .update({
        decision: JSON.stringify({
          ...whole,
          clusters: whole.clusters.filter(c => c.selected),
        }),
        decision_detail: gzipSync(decision),
        decision_digest: createHash('sha256').update(decision).digest('hex'),
      });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const rows = await knex('miniplanes_services')
    .whereNotNull('decision_detail')
    .pluck('entity_ref');
  for (const entityRef of rows) {
    const { decision, decision_detail: detail } = await knex(
      'miniplanes_services',
    )
      .where({ entity_ref: entityRef })
      .first('decision', 'decision_detail');
    /** @type {{ clusters: { selected: boolean }[] }} */
    const stored = JSON.parse(decision);
    // Written whole by a replica that did not know the detail: keep it.
    if (stored.clusters.some(c => !c.selected)) continue;
    await knex('miniplanes_services')
      .where({ entity_ref: entityRef })
      .update({ decision: gunzipSync(detail).toString('utf8') });
  }
  await knex.schema.alterTable('miniplanes_services', table => {
    table.dropColumn('decision_detail');
    table.dropColumn('decision_digest');
  });
};
