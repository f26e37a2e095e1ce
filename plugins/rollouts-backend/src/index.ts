/**
 * Rollouts backend plugin: live Deployment rollouts, HPA, traffic split and
 * MLModel status from real clusters, with guarded rollout actions.
 *
 * @packageDocumentation
 */
export { rolloutsPlugin as default } from './plugin';
