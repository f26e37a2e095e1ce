/**
 * Types, window validation, permissions and the pure metric computations of
 * the deployment-metrics plugin family: deployments per day/week, median and
 * p90 rollout duration, first-time success rate, time to recover, rollbacks
 * and rollouts during which capacity dropped.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './metrics';
export * from './window';
