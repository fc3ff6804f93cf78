// @ts-check

const { randomUUID } = require('node:crypto');

/**
 * The installation: one row naming this miniplanes (its database, so every
 * replica of it alike). Its objects carry the name, so two installations
 * syncing into one cluster (a staging and a production portal) never take
 * each other's objects for their own.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('miniplanes_installation', table => {
    table.string('name').primary().comment('The row, "installation"');
    table
      .string('id', 63)
      .notNullable()
      .comment(
        'A random name, made once with the database; the value of the miniplanes.io/installation label',
      );
  });
  await knex('miniplanes_installation').insert({
    name: 'installation',
    id: randomUUID(),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('miniplanes_installation');
};
