export interface Config {
  /** The attention model: what needs attention now, and who is told. */
  attention?: {
    /**
     * Seconds between two evaluations when nothing in the clusters changes
     * (cluster changes trigger one within two seconds). Argo CD is read at
     * each of these evaluations. Default 15.
     */
    evaluateEverySeconds?: number;
    /**
     * Seconds a problem must be gone before it is resolved (and its owners are
     * told), so a pod between two crashes does not close and reopen it. Default 60.
     */
    resolveAfterSeconds?: number;
    /** Notifications to the owning group of a problem's entity. */
    notifications?: {
      /** false: no notifications at all. Default true. */
      enabled?: boolean;
      /**
       * The kinds that notify (others are only listed). Default: every kind
       * but boundary-drift and unowned-workload: rollout-stalled, rollout-failing, crash-loop,
       * mlmodel-failed, argocd-sync-failed, argocd-degraded, argocd-out-of-sync.
       */
      kinds?: Array<
        | 'rollout-stalled'
        | 'rollout-failing'
        | 'crash-loop'
        | 'mlmodel-failed'
        | 'argocd-sync-failed'
        | 'argocd-degraded'
        | 'argocd-out-of-sync'
        | 'boundary-drift'
        | 'unowned-workload'
      >;
    };
  };
}
