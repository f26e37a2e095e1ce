export interface Config {
  /** Settings of the rollouts plugin family (clusters come from `kubernetes.clusterLocatorMethods`). */
  rollouts?: {
    /**
     * ConfigMaps the shared watch cache keeps (by name, any namespace), e.g. the
     * service-boundaries ConfigMap. Default: ['service-boundaries'].
     */
    configMapNames?: string[];
    /** Watch request timeout in seconds before the watch is renewed. Default 300. */
    watchTimeoutSeconds?: number;
    /** Longest wait between reconnect attempts to a failing cluster, in ms. Default 30000. */
    maxBackoffMs?: number;
    /** How often catalog-located clusters are looked up again, in ms. Default 300000. */
    catalogClusterRefreshMs?: number;
    /**
     * The rollout actions' own write credential, per cluster (docs/SECURITY.md). The
     * cluster block of kubernetes.clusterLocatorMethods stays read-only: the official
     * Kubernetes plugin's proxy holds that token too. A cluster listed nowhere here
     * refuses every action (the default).
     */
    actions?: {
      clusters?: Array<{
        /** a `type: config` cluster of kubernetes.clusterLocatorMethods */
        name: string;
        /**
         * Token allowed to patch Deployments (and their scale) and read their ReplicaSets.
         * @visibility secret
         */
        serviceAccountToken: string;
      }>;
    };
  };
}
