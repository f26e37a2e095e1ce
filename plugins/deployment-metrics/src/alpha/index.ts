/**
 * The deployment-metrics plugin for the new frontend system: the entity card
 * and the page (with a sidebar icon).
 *
 * @packageDocumentation
 */
export { deploymentMetricsPlugin as default } from './plugin';
