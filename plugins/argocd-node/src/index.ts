/**
 * Node library of the Argo CD plugin family: the configured Argo CD instance
 * clients (`argocdInstancesServiceRef`, cached sessions) that every backend
 * plugin reuses instead of writing its own Argo CD client.
 *
 * @packageDocumentation
 */
export { readArgoCdSettings } from './ArgoCdConfig';
export type { ArgoCdInstanceConfig, ArgoCdSettings } from './ArgoCdConfig';
export {
  ArgoCdInstanceClient,
  ArgoCdInstanceError,
  ArgoCdRequestRejectedError,
} from './ArgoCdInstanceClient';
export type { ArgoCdFetch } from './ArgoCdInstanceClient';
export {
  argocdInstancesServiceRef,
  DefaultArgoCdInstances,
} from './ArgoCdInstances';
export type { ArgoCdInstancesService } from './ArgoCdInstances';
