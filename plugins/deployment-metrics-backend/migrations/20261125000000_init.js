// @ts-check

/**
 * The recorded rollouts and Argo CD syncs. Times are epoch milliseconds
 * (bigint) so range queries behave the same on SQLite and PostgreSQL.
 * The unique keys make recording idempotent: every backend replica observes
 * the same rollouts and inserts with ON CONFLICT DO NOTHING, so each rollout
 * (Deployment uid + revision) and each sync (application + start) is stored once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_metrics_rollouts', table => {
    table.bigIncrements('id');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('deployment', 255).notNullable();
    table.string('deployment_uid', 64).notNullable();
    table.integer('from_revision').nullable();
    table.integer('to_revision').notNullable();
    table.string('version', 255).nullable();
    table.text('images').notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.bigInteger('stalled_at').nullable();
    table.string('outcome', 32).notNullable();
    table.integer('duration_seconds').nullable();
    table.boolean('clock_skew').notNullable().defaultTo(false);
    table.boolean('rollback').notNullable().defaultTo(false);
    table.integer('desired_replicas').notNullable();
    table.integer('min_available_replicas').notNullable();
    table.bigInteger('recorded_at').notNullable();
    table.unique(['cluster', 'deployment_uid', 'to_revision'], {
      indexName: 'deployment_metrics_rollouts_once',
    });
    table.index(['started_at'], 'deployment_metrics_rollouts_started');
    table.index(
      ['deployment_uid', 'started_at'],
      'deployment_metrics_rollouts_deployment',
    );
  });

  await knex.schema.createTable('deployment_metrics_deployments', table => {
    table.string('cluster', 255).notNullable();
    table.string('deployment_uid', 64).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.text('labels').notNullable();
    table.bigInteger('last_seen').notNullable();
    table.primary(['cluster', 'deployment_uid']);
  });

  await knex.schema.createTable('deployment_metrics_syncs', table => {
    table.bigIncrements('id');
    table.string('instance', 255).notNullable();
    table.string('app_namespace', 255).notNullable();
    table.string('application', 255).notNullable();
    table.text('app_labels').notNullable();
    table.string('revision', 255).notNullable();
    table.string('result', 32).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.integer('duration_seconds').nullable();
    table.boolean('clock_skew').notNullable().defaultTo(false);
    table.unique(['instance', 'app_namespace', 'application', 'started_at'], {
      indexName: 'deployment_metrics_syncs_once',
    });
    table.index(['started_at'], 'deployment_metrics_syncs_started');
  });

  await knex.schema.createTable('deployment_metrics_meta', table => {
    table.string('key', 64).primary();
    table.string('value', 255).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployment_metrics_meta');
  await knex.schema.dropTable('deployment_metrics_syncs');
  await knex.schema.dropTable('deployment_metrics_deployments');
  await knex.schema.dropTable('deployment_metrics_rollouts');
};
