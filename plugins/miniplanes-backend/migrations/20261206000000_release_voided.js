// @ts-check

/**
 * A release that can never be carried out (its data was placed on the
 * cluster again, or the object was made again) ends as void, with why,
 * instead of staying "not yet" in the audit trail for ever.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('miniplanes_releases', table => {
    table
      .timestamp('voided_at', { useTz: true })
      .nullable()
      .comment('When the sync found the release can never be carried out');
    table.text('voided_because').nullable().comment('Why it cannot');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('miniplanes_releases', table => {
    table.dropColumn('voided_at');
    table.dropColumn('voided_because');
  });
};
