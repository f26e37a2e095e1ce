// @ts-check

/**
 * The open (and recently resolved) problems of the attention model. The
 * primary key is the problem's stable id, so every backend replica writes the
 * same row: whichever replica's INSERT (or reopening UPDATE) changes a row is
 * the one that announces it, and a restarted backend finds its problems here
 * instead of announcing them again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('attention_problems', table => {
    table.string('id', 700).primary();
    table.string('kind', 64).notNullable();
    table.string('severity', 16).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).nullable();
    table.string('source', 255).notNullable();
    table.text('subject').notNullable();
    table.text('title').notNullable();
    table.text('reason').notNullable();
    table.text('link').notNullable();
    table.bigInteger('opened_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    // the last evaluation that saw it: a problem resolves only after it has
    // been gone for a while, so a pod between two crashes does not flap it
    table.bigInteger('last_seen_at').notNullable();
    table.bigInteger('resolved_at').nullable();
    table.index(['resolved_at'], 'attention_problems_resolved_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('attention_problems');
};
