/**
 * @packageDocumentation
 * Argo CD backend plugin (pluginId `argocd`): applications, history and
 * resources of catalog entities, and sync/refresh/rollback guarded by the
 * permission framework and audited.
 */
export { argocdPlugin as default } from './plugin';
export { ArgoCdService } from './services/ArgoCdService';
export type {
  ArgoCdAppKey,
  EntityApplications,
  LocatedApplication,
} from './services/ArgoCdService';
