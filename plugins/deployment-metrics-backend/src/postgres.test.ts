import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
// Debian's PostgreSQL, started by the test (the helper the backend's production test uses).
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { TestPostgres } from '../../../packages/backend/src/__testUtils__/postgres';
import {
  FakeClusterCache,
  FakeDeployment,
} from './__fixtures__/fakeClusterCache';
import { expectSameAsEventMetrics } from './__fixtures__/sameAsEventMetrics';
import { DeploymentMetricsService } from './services/DeploymentMetricsService';
import { RolloutRecorder } from './services/RolloutRecorder';
import { openMetricsStores, pruneEvents } from './services/stores';

jest.setTimeout(300_000);

describe('deployment-metrics on PostgreSQL', () => {
  const postgres = new TestPostgres();
  const clients: Knex[] = [];
  const connection = () => ({
    host: '127.0.0.1',
    port: postgres.port,
    user: postgres.user,
    password: postgres.password,
  });
  function client(database: string) {
    const knex = knexFactory({
      client: 'pg',
      connection: { ...connection(), database },
      pool: { min: 0, max: 4 },
    });
    clients.push(knex);
    return knex;
  }
  const database = (knex: Knex): DatabaseService => ({
    getClient: async () => knex,
  });

  beforeAll(async () => {
    await postgres.start();
    await client('postgres').raw('CREATE DATABASE deployment_metrics');
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.destroy()));
    postgres.stop();
  });

  it('counts the page metrics in SQL the same as computeDeploymentMetrics over the same rollouts', async () => {
    await client('postgres').raw('CREATE DATABASE deployment_metrics_page');
    const knex = client('deployment_metrics_page');
    expect(
      await expectSameAsEventMetrics(knex, mockCredentials.user()),
    ).toBeGreaterThan(50);
  });

  it('migrates once, records once from two replicas observing the same cluster, queries, prunes and migrates down', async () => {
    const knexA = client('deployment_metrics');
    const knexB = client('deployment_metrics');
    // replica A first on the empty database, then replica B, as in a rolling
    // update (two first starts at the same instant race in knex's migration
    // table creation, for every plugin: deploy/README.md)
    const storesA = await openMetricsStores({ database: database(knexA) });
    const storesB = await openMetricsStores({ database: database(knexB) });
    const migrations = await knexA('deployment_metrics_knex_migrations').select(
      'name',
    );
    expect(migrations.map(m => m.name)).toEqual(['20261125000000_init.js']);

    let clock = Date.parse('2026-03-01T00:00:00Z');
    const logger = mockServices.logger.mock();
    const caches = [new FakeClusterCache('prod'), new FakeClusterCache('prod')];
    const recorders = [
      RolloutRecorder.create({
        cache: caches[0].service,
        stores: storesA,
        logger,
        now: () => clock,
      }),
      RolloutRecorder.create({
        cache: caches[1].service,
        stores: storesB,
        logger,
        now: () => clock,
      }),
    ];
    await Promise.all(recorders.map(r => r.start()));
    const deployments = caches.map(c => new FakeDeployment(c, 'orders'));
    for (const d of deployments) {
      d.rollTo('orders:1', '2026-03-01T09:00:00Z');
      d.complete('2026-03-01T09:00:30Z');
      d.rollTo('orders:2', '2026-03-01T10:00:00Z');
      d.progress(1, 2, '2026-03-01T10:00:10Z');
      d.stall('2026-03-01T10:10:00Z');
    }
    await Promise.all(recorders.map(r => r.idle()));
    clock = Date.parse('2026-03-01T10:11:00Z');
    for (const d of deployments) {
      d.rollTo('orders:1', '2026-03-01T10:11:00Z');
      d.complete('2026-03-01T10:11:40Z');
    }
    await Promise.all(recorders.map(r => r.idle()));

    const rows = await storesA.rollouts.list({ from: 0 });
    expect(
      rows.map(r => [
        r.toRevision,
        r.outcome,
        r.rollback,
        r.durationSeconds,
        r.minAvailableReplicas,
      ]),
    ).toEqual([
      [1, 'completed', false, 30, 3],
      [2, 'rolled-back', false, undefined, 2],
      // the rollback started from the stalled state: 2 of 3 available
      [3, 'completed', true, 40, 2],
    ]);
    const count = await knexA('deployment_metrics_rollouts').count({ n: '*' });
    expect(Number(count[0].n)).toBe(3);

    await storesA.syncs.insert({
      instance: 'prod',
      appNamespace: 'argocd',
      application: 'orders',
      appLabels: {},
      revision: 'abc',
      result: 'Succeeded',
      startedAt: Date.parse('2026-03-01T09:59:00Z'),
      finishedAt: Date.parse('2026-03-01T09:59:10Z'),
    });
    await storesB.syncs.insert({
      instance: 'prod',
      appNamespace: 'argocd',
      application: 'orders',
      appLabels: {},
      revision: 'abc',
      result: 'Succeeded',
      startedAt: Date.parse('2026-03-01T09:59:00Z'),
      finishedAt: Date.parse('2026-03-01T09:59:10Z'),
    });

    const metrics = DeploymentMetricsService.create({
      stores: storesB,
      permissions: mockServices.permissions(),
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'orders',
              namespace: 'default',
              annotations: { 'argocd/app-name': 'orders' },
            },
            spec: { owner: 'group:default/checkout', system: 'shop' },
          },
        ],
      }),
      now: () => clock,
    });
    const window = {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
    };
    const entity = await metrics.entityMetrics(
      'component:default/orders',
      window,
      mockCredentials.user(),
    );
    expect(entity.current).toMatchObject({
      deployments: 2,
      rollbacks: 1,
      failures: 1,
      firstTimeSuccessRate: 0.5,
      medianTimeToRecoverSeconds: 100,
      capacityDrops: 2,
      syncs: 1,
    });
    expect(entity.previous).toEqual({
      observedSince: '2026-03-01T00:00:00.000Z',
      message: 'no deployments observed since 2026-03-01T00:00:00.000Z',
    });
    const byTeam = await metrics.groupMetrics(
      'team',
      window,
      mockCredentials.user(),
    );
    expect(byTeam.groups.map(g => g.group)).toEqual(['group:default/checkout']);

    expect(
      await pruneEvents(storesA, Date.parse('2026-03-01T10:00:30Z')),
    ).toEqual({
      rollouts: 2,
      syncs: 1,
    });
    expect(
      (await storesA.rollouts.list({ from: 0 })).map(r => r.toRevision),
    ).toEqual([3]);

    await knexA.migrate.rollback(
      {
        directory: `${__dirname}/../migrations`,
        tableName: 'deployment_metrics_knex_migrations',
      },
      true,
    );
    expect(await knexA.schema.hasTable('deployment_metrics_rollouts')).toBe(
      false,
    );
    recorders.forEach(r => r.stop());
  });
});
