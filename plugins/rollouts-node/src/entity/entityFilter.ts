import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  LabelSelector,
  parseLabelSelector,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';

/** The annotations the official Kubernetes plugin reads (defined in rollouts-common). */
export {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
};

/** Which cluster objects belong to an entity. @public */
export interface EntityObjectFilter {
  labelSelector: LabelSelector;
  namespace?: string;
  cluster?: string;
  /** set when the label selector annotation cannot be parsed */
  invalid?: string;
}

/**
 * Like the official plugin: the label selector annotation, else
 * `backstage.io/kubernetes-id=<kubernetes-id or entity name>`; optional namespace and cluster.
 * @public
 */
export function entityObjectFilter(entity: {
  metadata: { name: string; annotations?: Record<string, string> };
}): EntityObjectFilter {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
  const cluster = annotations[ANNOTATION_KUBERNETES_CLUSTER] || undefined;
  const selectorText = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  if (selectorText) {
    const parsed = parseLabelSelector(selectorText);
    if (!parsed) {
      return {
        labelSelector: {
          matchExpressions: [{ key: '__invalid__', operator: 'Exists' }],
        },
        namespace,
        cluster,
        invalid: `annotation ${ANNOTATION_KUBERNETES_LABEL_SELECTOR} is not a valid label selector: ${selectorText}`,
      };
    }
    return { labelSelector: parsed, namespace, cluster };
  }
  const id = annotations[ANNOTATION_KUBERNETES_ID] || entity.metadata.name;
  return {
    labelSelector: { matchLabels: { [ANNOTATION_KUBERNETES_ID]: id } },
    namespace,
    cluster,
  };
}

/** Does this object (by cluster, namespace and labels) belong to the entity? @public */
export function filterMatches(
  filter: EntityObjectFilter,
  cluster: string,
  object: { metadata: { namespace?: string; labels?: Record<string, string> } },
): boolean {
  if (filter.invalid) return false;
  if (filter.cluster && filter.cluster !== cluster) return false;
  if (filter.namespace && filter.namespace !== object.metadata.namespace)
    return false;
  return selectorMatches(filter.labelSelector, object.metadata.labels);
}
