import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/**
 * The entity annotations the official Kubernetes plugin reads, defined once
 * for every family of the portal; the two the official plugin exports are
 * its constants.
 */

/** `backstage.io/kubernetes-id`: the workload id (label value) of a component. @public */
export const ANNOTATION_KUBERNETES_ID = KUBERNETES_ANNOTATION;
/** `backstage.io/kubernetes-label-selector`: a label selector for its workloads. @public */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION;
/** `backstage.io/kubernetes-namespace`: the namespace the component runs in. @public */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/** `backstage.io/kubernetes-cluster`: restricts the component to one cluster. @public */
export const ANNOTATION_KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';
