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
  };
}
