export { argocdApiRef } from './ArgoCdApi';
export type { ArgoCdApi, ArgoCdAppRef } from './ArgoCdApi';
export { ArgoCdClient } from './ArgoCdClient';
