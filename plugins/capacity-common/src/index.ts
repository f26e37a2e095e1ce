/**
 * The capacity family's shared vocabulary: one entity's sizing (requests,
 * limits, usage, the VPA's recommendation and verdict, the HPA's headroom)
 * and the pure rules that compute it.
 *
 * @packageDocumentation
 */
export * from './types';
export {
  resourceAmounts,
  parseRecommendation,
  formatAmount,
  sizingVerdict,
  updateModeMeaning,
  shareOfRequests,
  meanUsage,
  hpaHeadroom,
} from './sizing';
export {
  NODE_LABELS,
  nodeFacts,
  formatTaint,
  toleratesTaint,
  deploymentPlacement,
  unknownPlacement,
} from './placement';
export {
  HOURS_PER_MONTH,
  COST_BASIS,
  parseCapacityPrices,
  nodeHourlyPrice,
  shareOfNode,
  sumAmounts,
  deploymentCost,
  unknownCost,
} from './cost';
export { nodeGroupUtilisation, formatShare } from './utilisation';
export { podRequests, type PodRequestSpec } from './pods';
export {
  WASTE_BASIS,
  podWaste,
  deploymentWaste,
  serviceCapacity,
  capacityTotals,
} from './services';
