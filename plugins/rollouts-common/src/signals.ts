/** Prefix of the per-entity signal channels. @public */
export const ROLLOUTS_SIGNAL_CHANNEL_PREFIX = 'rollouts:entity:';

/** Channel announcing cluster health changes (payload: ClustersResponse-like `{ type: 'clusters' }`). @public */
export const ROLLOUTS_CLUSTERS_SIGNAL_CHANNEL = 'rollouts:clusters';

/** Channel announcing any MLModel change, for the overview page. @public */
export const ROLLOUTS_MLMODELS_SIGNAL_CHANNEL = 'rollouts:mlmodels';

/**
 * The signal channel of one entity, e.g. `rollouts:entity:component:default/inventory-service`.
 * The entity ref is lower-cased, as entity refs compare case-insensitively.
 * @public
 */
export function rolloutsEntityChannel(entityRef: string): string {
  return `${ROLLOUTS_SIGNAL_CHANNEL_PREFIX}${entityRef.toLocaleLowerCase(
    'en-US',
  )}`;
}
