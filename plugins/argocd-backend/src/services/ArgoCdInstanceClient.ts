// Moved to @supply-chain/plugin-argocd-node so other backend plugins reuse it.
export {
  ArgoCdInstanceClient,
  ArgoCdInstanceError,
  ArgoCdRequestRejectedError,
} from '@supply-chain/plugin-argocd-node';
export type { ArgoCdFetch } from '@supply-chain/plugin-argocd-node';
