import {
  DeploymentMetrics,
  RolloutEvent,
} from '@supply-chain/plugin-deployment-metrics-common';

export function metrics(
  overrides: Partial<DeploymentMetrics> = {},
): DeploymentMetrics {
  return {
    window: {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-31T00:00:00.000Z',
    },
    deployments: 12,
    deploymentsPerDay: 0.4,
    deploymentsPerWeek: 2.8,
    medianDurationSeconds: 95,
    p90DurationSeconds: 300,
    firstTimeSuccessRate: 0.75,
    failures: 3,
    medianTimeToRecoverSeconds: 600,
    unrecovered: 0,
    rollbacks: 2,
    capacityDrops: 1,
    clockSkewed: 0,
    syncs: 10,
    failedSyncs: 1,
    bucket: 'day',
    series: [
      {
        start: '2026-03-01T00:00:00.000Z',
        deployments: 2,
        rollbacks: 0,
        capacityDrops: 0,
        failures: 0,
      },
    ],
    ...overrides,
  };
}

export const stalledRollout: RolloutEvent = {
  cluster: 'sandbox',
  namespace: 'supply-chain',
  deployment: 'order-service',
  deploymentUid: 'uid-1',
  fromRevision: 4,
  toRevision: 5,
  version: 'v1.3.0',
  images: ['order-service:v1.3.0'],
  startedAt: '2026-03-02T10:00:00.000Z',
  finishedAt: '2026-03-02T10:12:00.000Z',
  stalledAt: '2026-03-02T10:10:00.000Z',
  outcome: 'rolled-back',
  durationSeconds: undefined,
  clockSkew: false,
  rollback: false,
  desiredReplicas: 3,
  minAvailableReplicas: 2,
};
