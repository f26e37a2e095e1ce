export interface Config {
  /** Settings of the rollouts backend (clusters come from `kubernetes.clusterLocatorMethods`). */
  rollouts?: {
    /**
     * Quiet time before a change signal is sent to the browser, in ms; changes
     * within it are sent once. Default 300.
     */
    signalDebounceMs?: number;
    /**
     * How long an entity stays subscribed to change signals after its rollouts
     * were last read, in ms. Default 1800000 (30 min).
     */
    signalInterestTtlMs?: number;
    /**
     * An MLModel pending or deploying without a status update for this long is
     * shown as stale, in ms. Default 600000 (10 min).
     */
    mlModelStaleAfterMs?: number;
  };
}
