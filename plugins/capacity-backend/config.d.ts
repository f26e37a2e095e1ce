export interface Config {
  /**
   * The capacity plugin reads the clusters of `kubernetes.clusterLocatorMethods`
   * (`type: config` and `type: localKubectlProxy`) with their configured, read-only
   * credential, the same ones the rollouts watch cache uses, whose pods,
   * Deployments and HPAs it reads from that cache.
   */
  capacity?: {
    /**
     * How often, in seconds, each cluster's nodes, node and pod metrics
     * (metrics.k8s.io) and VPAs are read in the background (one read in flight
     * per cluster); answers are computed from the last good read, and name a
     * cluster whose latest read failed. Pods, Deployments and HPAs come from the
     * rollouts watch cache. Default 30, at least 1.
     */
    pollIntervalSeconds?: number;
    /** The currency of `prices`, for display; default USD. */
    currency?: string;
    /**
     * Hourly node prices for the cost of each Deployment; none are built in, a node
     * without a price is named in the answer (`no price configured for <group>`). A node
     * takes the price of its node group (label `eks.amazonaws.com/nodegroup`) for its
     * capacity type (label `eks.amazonaws.com/capacityType`, ON_DEMAND when absent),
     * else that of its instance type (label `node.kubernetes.io/instance-type`).
     */
    prices?: Array<{
      /** exactly one of nodeGroup and instanceType */
      nodeGroup?: string;
      instanceType?: string;
      /** default ON_DEMAND */
      capacityType?: 'ON_DEMAND' | 'SPOT';
      /** price of one node for one hour, in `currency` */
      hourlyPrice: number;
    }>;
  };
}
