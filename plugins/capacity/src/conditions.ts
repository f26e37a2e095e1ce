import type { FilterPredicate } from '@backstage/filter-predicates';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/**
 * The entities whose Deployments the capacity backend can find: those with
 * `backstage.io/kubernetes-id` or `backstage.io/kubernetes-label-selector`
 * (the same entities that get the Rollouts tab).
 */
export const capacityEntityFilter: FilterPredicate = {
  $any: [
    { [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: { $exists: true } },
    {
      [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}`]: {
        $exists: true,
      },
    },
  ],
};
