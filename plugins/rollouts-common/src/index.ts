/**
 * Isomorphic types, permissions, signal channels and pure rollout / MLModel
 * status logic of the rollouts plugin family.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './kubernetesObjects';
export * from './permissions';
export * from './signals';
export * from './requests';
export * from './annotations';
export {
  computeRollout,
  replicaSetBelongsTo,
  replicaSetRevision,
  REVISION_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
} from './rollout/computeRollout';
export { summarizePod, FAILING_POD_PROBLEMS } from './rollout/podStatus';
export { computeHpaStatus, hpaTargetsDeployment } from './rollout/hpa';
export {
  computeTrafficSplit,
  findTrafficRouting,
  destinationRuleSelectsReplicaSets,
} from './rollout/trafficSplit';
export { selectorMatches, parseLabelSelector } from './rollout/labelSelector';
export { parseQuantity, QUANTITY_PATTERN } from './rollout/quantity';
export * from './mlmodel/parseMLModel';
export * from './argoRollouts';
