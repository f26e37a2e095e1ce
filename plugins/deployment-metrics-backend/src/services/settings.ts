import { Config } from '@backstage/config';

/** `deploymentMetrics.*` */
export interface DeploymentMetricsSettings {
  retentionDays: number;
  syncPollSeconds: number;
}

/** Reads `deploymentMetrics.*`; errors name the key. */
export function readDeploymentMetricsSettings(
  config: Config,
): DeploymentMetricsSettings {
  const retentionDays =
    config.getOptionalNumber('deploymentMetrics.retention.days') ?? 400;
  if (!Number.isFinite(retentionDays) || retentionDays < 1) {
    throw new Error('deploymentMetrics.retention.days must be at least 1');
  }
  const syncPollSeconds =
    config.getOptionalNumber('deploymentMetrics.argocdSyncs.pollSeconds') ?? 60;
  if (!Number.isFinite(syncPollSeconds) || syncPollSeconds < 1) {
    throw new Error(
      'deploymentMetrics.argocdSyncs.pollSeconds must be at least 1',
    );
  }
  return { retentionDays, syncPollSeconds };
}
