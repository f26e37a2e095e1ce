// @ts-check

/**
 * Unowned workloads are problems of no catalog entity: entity_ref may be null.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('attention_problems', table => {
    table.string('entity_ref', 255).nullable().alter();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex('attention_problems').whereNull('entity_ref').delete();
  await knex.schema.alterTable('attention_problems', table => {
    table.string('entity_ref', 255).notNullable().alter();
  });
};
