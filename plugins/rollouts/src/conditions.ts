import type { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import { ANNOTATION_KUBERNETES_NAMESPACE } from '@supply-chain/plugin-rollouts-common';

/**
 * True when the entity names its workloads with `backstage.io/kubernetes-id`
 * or `backstage.io/kubernetes-label-selector`: the Rollouts tab and the ML
 * models card apply to it.
 *
 * @public
 */
export function isRolloutsAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ANNOTATION] ||
      annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION],
  );
}

/**
 * How the entity selects its workloads, in the words a user writes in the
 * catalog file, e.g. `backstage.io/kubernetes-id=inventory-service`.
 */
export function describeWorkloadSelector(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION];
  if (selector) {
    return `label selector "${selector}"`;
  }
  const id = annotations[KUBERNETES_ANNOTATION];
  if (id) {
    const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE];
    return `label "backstage.io/kubernetes-id=${id}"${
      namespace ? ` in namespace ${namespace}` : ''
    }`;
  }
  return undefined;
}

/** The filter the new frontend system evaluates for the entity tab and card. */
export const rolloutsEntityFilter: FilterPredicate = {
  $any: [
    { [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: { $exists: true } },
    {
      [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}`]: {
        $exists: true,
      },
    },
  ],
};
