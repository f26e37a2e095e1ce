import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { writeGeneratedHistory } from '../__fixtures__/generatedHistory';
import { DeploymentMetricsService } from './DeploymentMetricsService';
import { RolloutStore } from './RolloutStore';
import { expectSameAsEventMetrics } from '../__fixtures__/sameAsEventMetrics';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('page metrics counted in SQL (SQLite)', () => {
  it('are the numbers computeDeploymentMetrics gives over the same rollouts, per service, team and system, for day and week buckets', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await RolloutStore.create({
      database: { getClient: async () => knex } as DatabaseService,
    });
    const now = Date.parse('2026-11-25T00:00:00Z');
    await store.observedSince(now - 200 * 86_400_000);
    const { entities, rollouts } = await writeGeneratedHistory(knex, {
      services: 12,
      days: 120,
      now,
      perDay: 2,
    });
    expect(rollouts).toBeGreaterThan(2000);
    const service = DeploymentMetricsService.create({
      store,
      catalog: catalogServiceMock({ entities }),
      now: () => now,
    });
    const compared = await expectSameAsEventMetrics(
      service,
      store,
      entities,
      now,
      mockCredentials.user(),
    );
    expect(compared).toBeGreaterThan(50);
  });
});
