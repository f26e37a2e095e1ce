/**
 * @packageDocumentation
 * Argo CD frontend plugin (pluginId `argocd`): overview card, history card and
 * "Argo CD" entity tab, with Sync/Refresh for permitted users. The new frontend
 * system plugin is exported from `@supply-chain/plugin-argocd/alpha`.
 */
export {
  argocdPlugin,
  EntityArgoCdContent,
  EntityArgoCdHistoryCard,
  EntityArgoCdOverviewCard,
} from './plugin';
export { isArgocdAvailable } from './conditions';
export { ArgoCdClient, argocdApiRef } from './api';
export type { ArgoCdApi, ArgoCdAppRef } from './api';
