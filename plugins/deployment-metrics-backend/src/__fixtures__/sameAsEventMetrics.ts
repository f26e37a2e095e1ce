import {
  BackstageCredentials,
  DatabaseService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import {
  computeDeploymentMetrics,
  DeploymentMetrics,
  MetricsGroupBy,
} from '@supply-chain/plugin-deployment-metrics-common';
import { DeploymentMetricsService } from '../services/DeploymentMetricsService';
import { openMetricsStores } from '../services/stores';
import { writeGeneratedHistory } from './generatedHistory';
import { Knex } from 'knex';

const DAY = 86_400_000;

/**
 * Writes the generated history (12 services, 120 days) into `knex` and
 * asserts that the page metrics (counted in SQL) equal what the pure
 * `computeDeploymentMetrics` gives over every rollout of each group read as
 * events (the way the page computed them before), for several windows
 * (day and week buckets, a window ending in the past, one of a few hours).
 * Returns how many group results were compared.
 */

/** the platform team's view: every recorded rollout */
const allowAll: PermissionsService = {
  authorize: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
};

export async function expectSameAsEventMetrics(
  knex: Knex,
  credentials: BackstageCredentials,
): Promise<number> {
  const stores = await openMetricsStores({
    database: { getClient: async () => knex } as DatabaseService,
  });
  const now = Date.parse('2026-11-25T00:00:00Z');
  await stores.meta.observedSince(now - 200 * DAY);
  const generated = await writeGeneratedHistory(knex, {
    services: 12,
    days: 120,
    now,
    perDay: 2,
  });
  expect(generated.rollouts).toBeGreaterThan(2000);
  const entities = generated.entities;
  const service = DeploymentMetricsService.create({
    stores,
    permissions: allowAll,
    catalog: catalogServiceMock({ entities }),
    now: () => now,
  });
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
    const all = await stores.rollouts.list({ from });
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
