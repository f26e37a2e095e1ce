import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { expectSameAsEventMetrics } from '../__fixtures__/sameAsEventMetrics';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('page metrics counted in SQL (SQLite)', () => {
  it('are the numbers computeDeploymentMetrics gives over the same rollouts, per service, team and system, for day and week buckets', async () => {
    const knex = await databases.init('SQLITE_3');
    const compared = await expectSameAsEventMetrics(
      knex,
      mockCredentials.user(),
    );
    expect(compared).toBeGreaterThan(50);
  });
});
