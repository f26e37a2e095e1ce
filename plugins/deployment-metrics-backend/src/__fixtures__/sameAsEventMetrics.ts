import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  computeDeploymentMetrics,
  DeploymentMetrics,
  MetricsGroupBy,
} from '@supply-chain/plugin-deployment-metrics-common';
import { DeploymentMetricsService } from '../services/DeploymentMetricsService';
import { RolloutStore } from '../services/RolloutStore';

const DAY = 86_400_000;

/**
 * Asserts that the page metrics (counted in SQL) equal what the pure
 * `computeDeploymentMetrics` gives over every rollout of each group read as
 * events (the way the page computed them before), for several windows
 * (day and week buckets, a window ending in the past, one of a few hours).
 * Returns how many group results were compared.
 */
export async function expectSameAsEventMetrics(
  service: DeploymentMetricsService,
  store: RolloutStore,
  entities: Entity[],
  now: number,
  credentials: BackstageCredentials,
): Promise<number> {
  const uidOf = (e: Entity) => `uid-${e.metadata.name.split('-')[1]}`;
  const members: Record<MetricsGroupBy, (e: Entity) => string> = {
    service: e => `component:default/${e.metadata.name}`,
    team: e => String(e.spec?.owner),
    system: e => `system:default/${e.spec?.system}`,
  };
  let compared = 0;
  for (const [fromDays, toDays] of [
    [30, 0],
    [100, 0],
    [45, 20],
    [0.2, 0],
  ]) {
    const window = {
      from: new Date(now - fromDays * DAY).toISOString(),
      to: new Date(now - toDays * DAY).toISOString(),
    };
    const from = Date.parse(window.from);
    const all = await store.rollouts({ from });
    for (const groupBy of ['service', 'team', 'system'] as const) {
      const page = await service.groupMetrics(groupBy, window, credentials);
      for (const g of page.groups) {
        const uids = new Set(
          entities.filter(e => members[groupBy](e) === g.group).map(uidOf),
        );
        const rollouts = all.filter(r => uids.has(r.deploymentUid));
        const inWindow = rollouts.filter(
          r =>
            Date.parse(r.startedAt) >= from &&
            Date.parse(r.startedAt) < Date.parse(window.to),
        );
        if (inWindow.length === 0) {
          expect(g.metrics).toHaveProperty('message');
        } else {
          const expected = computeDeploymentMetrics(window, rollouts, []);
          expect({
            group: g.group,
            ...(g.metrics as DeploymentMetrics),
          }).toEqual({
            group: g.group,
            ...expected,
          });
        }
        compared += 1;
      }
    }
  }
  return compared;
}
