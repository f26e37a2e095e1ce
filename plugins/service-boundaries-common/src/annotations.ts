/**
 * Annotations the service-boundaries family reads.
 *
 * The first five are the ones users of the official Kubernetes and Argo CD
 * plugins already write (the four Kubernetes ones are rollouts-common's,
 * defined once for the portal); the `supplychain.io/*` ones are ours and
 * optional: without them the naming conventions documented on each constant
 * apply.
 */

export {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_CLUSTER,
} from '@supply-chain/plugin-rollouts-common';

/** `argocd/app-name`: the Argo CD application(s), comma separated. */
export const ANNOTATION_ARGOCD_APP_NAME = 'argocd/app-name';

/**
 * `supplychain.io/service-account`: the Kubernetes ServiceAccount the
 * component's pods run as, `<sa>` or `<namespace>/<sa>`, comma separated for
 * several. Without it the convention is `<kubernetes-id or name>-sa` in the
 * `backstage.io/kubernetes-namespace` namespace (the seed's
 * `inventory-service-sa`, `order-service-sa`, …).
 */
export const ANNOTATION_SERVICE_ACCOUNT = 'supplychain.io/service-account';

/**
 * `supplychain.io/image`: container image repositories the component ships,
 * without tag, comma separated (`your-registry/inventory-service`). Without it
 * an image whose last path segment (before the tag) equals the component's
 * kubernetes-id or name matches by convention.
 */
export const ANNOTATION_IMAGE = 'supplychain.io/image';

/** Label the cluster objects carry to name their component. */
export const LABEL_KUBERNETES_ID = 'backstage.io/kubernetes-id';
