/**
 * @packageDocumentation
 * Argo CD backend plugin (pluginId `argocd`): applications, history and
 * resources of catalog entities, and sync/refresh/rollback guarded by the
 * permission framework and audited.
 */
export { argocdPlugin as default } from './plugin';
export { ArgoCdActions } from './services/ArgoCdActions';
export { ArgoCdApplications } from './services/ArgoCdApplications';
export type {
  EntityApplications,
  LocatedApplication,
} from './services/ArgoCdApplications';
