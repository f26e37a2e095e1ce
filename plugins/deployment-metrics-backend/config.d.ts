export interface Config {
  /** Deployment metrics: recorded rollouts and Argo CD syncs. */
  deploymentMetrics?: {
    /**
     * How long recorded events are kept; older ones are pruned by a scheduled
     * task (once across replicas). Windows may not reach further back.
     * Default 400 days.
     */
    retention?: {
      /** days to keep, at least 1 */
      days: number;
    };
    /** Argo CD sync recording (instances come from `argocd.appLocatorMethods`). */
    argocdSyncs?: {
      /** seconds between two polls of every Argo CD instance (default 60) */
      pollSeconds?: number;
    };
  };
}
