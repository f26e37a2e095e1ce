// Moved to @supply-chain/plugin-argocd-node so other backend plugins reuse it.
export { readArgoCdSettings } from '@supply-chain/plugin-argocd-node';
export type {
  ArgoCdInstanceConfig,
  ArgoCdSettings,
} from '@supply-chain/plugin-argocd-node';
