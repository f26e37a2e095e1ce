/**
 * Deployment metrics backend plugin (pluginId `deployment-metrics`): records
 * rollouts (from the shared cluster watch cache) and Argo CD syncs (with the
 * shared Argo CD clients) in its database, prunes them after the retention
 * and serves deployment metrics per service, team and system.
 *
 * @packageDocumentation
 */
export { deploymentMetricsPlugin as default } from './plugin';
