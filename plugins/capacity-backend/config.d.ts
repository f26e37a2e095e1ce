export interface Config {
  /**
   * The capacity plugin reads the clusters of `kubernetes.clusterLocatorMethods`
   * (`type: config` and `type: localKubectlProxy`) with their configured, read-only
   * credential, the same ones the rollouts watch cache uses; it has no keys of its own yet.
   */
  capacity?: {};
}
