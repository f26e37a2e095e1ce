import { DatabaseService } from '@backstage/backend-plugin-api';
// a bench, not shipped: test utilities are dev dependencies
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  mockCredentials,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
// Debian's PostgreSQL, started by the bench (as postgres.test.ts)
// eslint-disable-next-line @backstage/no-relative-monorepo-imports, no-restricted-imports
import { TestPostgres } from '../../../../packages/backend/src/__testUtils__/postgres';
import { DeploymentMetricsService } from '../services/DeploymentMetricsService';
import { openMetricsStores } from '../services/stores';
import { percentile } from '@supply-chain/portal-common';

/**
 * `make bench`: one year of generated rollouts (2 a day on average) for 200
 * services, in SQLite and in PostgreSQL (Debian's, started here); prints p50/p99 of the page (`GET /metrics`) and entity
 * (`GET /entity/.../metrics`) queries. No timing assertions.
 */
jest.setTimeout(600_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const DAY = 86_400_000;
const SERVICES = 200;

async function measure(knex: Knex, engine: string) {
  const stores = await openMetricsStores({
    database: { getClient: async () => knex } as DatabaseService,
  });
  const now = Date.parse('2026-11-25T00:00:00Z');
  const start = now - 365 * DAY;
  await stores.meta.observedSince(start);
  const entities: Entity[] = [];
  const rows: any[] = [];
  const deployments: any[] = [];
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let s = 0; s < SERVICES; s++) {
    const name = `service-${s}`;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default' },
      spec: {
        owner: `group:default/team-${s % 20}`,
        system: `system-${s % 10}`,
      },
    });
    deployments.push({
      cluster: 'prod',
      deployment_uid: `uid-${s}`,
      namespace: 'shop',
      name,
      labels: JSON.stringify({ 'backstage.io/kubernetes-id': name }),
      last_seen: now,
    });
    let revision = 1;
    for (let t = start + random() * DAY; t < now; t += random() * DAY) {
      revision += 1;
      const duration = 20 + Math.floor(random() * 300);
      const stalled = random() < 0.05;
      rows.push({
        cluster: 'prod',
        namespace: 'shop',
        deployment: name,
        deployment_uid: `uid-${s}`,
        from_revision: revision - 1,
        to_revision: revision,
        version: `v${revision}`,
        images: JSON.stringify([`${name}:${revision}`]),
        started_at: Math.floor(t),
        finished_at: Math.floor(t) + duration * 1000,
        stalled_at: stalled ? Math.floor(t) + 600_000 : null,
        outcome: stalled ? 'rolled-back' : 'completed',
        duration_seconds: duration,
        clock_skew: false,
        rollback: random() < 0.03,
        desired_replicas: 3,
        min_available_replicas: random() < 0.1 ? 2 : 3,
        recorded_at: now,
      });
    }
  }
  await knex.batchInsert('deployment_metrics_deployments', deployments, 200);
  await knex.batchInsert('deployment_metrics_rollouts', rows, 500);
  const metrics = DeploymentMetricsService.create({
    stores,
    permissions: mockServices.permissions(),
    catalog: catalogServiceMock({ entities }),
    now: () => now,
  });
  const credentials = mockCredentials.user();
  const report: string[] = [
    `${rows.length} rollouts, ${SERVICES} services, ${engine}`,
  ];
  for (const [label, days] of [
    ['30 days', 30],
    ['one year', 365],
  ] as const) {
    const window = {
      from: new Date(now - days * DAY).toISOString(),
      to: new Date(now).toISOString(),
    };
    const page: number[] = [];
    const entity: number[] = [];
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      await metrics.groupMetrics(
        i % 2 ? 'team' : 'service',
        window,
        credentials,
      );
      page.push(performance.now() - t);
      for (let j = 0; j < 5; j++) {
        t = performance.now();
        await metrics.entityMetrics(
          `component:default/service-${(i * 5 + j) % SERVICES}`,
          window,
          credentials,
        );
        entity.push(performance.now() - t);
      }
    }
    report.push(
      `${label}: page p50 ${percentile(page, 50)!.toFixed(
        0,
      )} ms p99 ${percentile(page, 99)!.toFixed(0)} ms; entity p50 ${percentile(
        entity,
        50,
      )!.toFixed(0)} ms p99 ${percentile(entity, 99)!.toFixed(0)} ms`,
    );
  }
  // eslint-disable-next-line no-console
  console.log(`deployment-metrics bench\n${report.join('\n')}`);
  return rows.length;
}

it('measures the metrics queries over one year for 200 services (SQLite)', async () => {
  expect(
    await measure(await databases.init('SQLITE_3'), 'SQLite'),
  ).toBeGreaterThan(100_000);
});

it('measures the metrics queries over one year for 200 services (PostgreSQL)', async () => {
  const postgres = new TestPostgres();
  await postgres.start();
  const connection = {
    host: '127.0.0.1',
    port: postgres.port,
    user: postgres.user,
    password: postgres.password,
  };
  const admin = knexFactory({
    client: 'pg',
    connection: { ...connection, database: 'postgres' },
  });
  const knex = knexFactory({
    client: 'pg',
    connection: { ...connection, database: 'deployment_metrics_bench' },
    pool: { min: 0, max: 4 },
  });
  try {
    await admin.raw('CREATE DATABASE deployment_metrics_bench');
    expect(await measure(knex, 'PostgreSQL')).toBeGreaterThan(100_000);
  } finally {
    await knex.destroy();
    await admin.destroy();
    postgres.stop();
  }
});
