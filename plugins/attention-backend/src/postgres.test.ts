import knexFactory, { Knex } from 'knex';
// Debian's PostgreSQL, started by the test (the helper the backend's production test uses).
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { TestPostgres } from '../../../packages/backend/src/__testUtils__/postgres';
import { DetectedProblem } from './detect/detectProblems';
import { ProblemStore } from './services/ProblemStore';

jest.setTimeout(300_000);

const problem = (name: string): DetectedProblem => ({
  id: `crash-loop:sandbox/supply-chain/Deployment ${name}:component:default/${name}`,
  kind: 'crash-loop',
  severity: 'error',
  entityRef: `component:default/${name}`,
  ownerRef: 'group:default/fulfillment-team',
  source: 'cluster:sandbox',
  subject: `sandbox/supply-chain/Deployment ${name}`,
  title: `${name}: 2 pods are crash-looping`,
  reason: `pod ${name}-0: CrashLoopBackOff`,
  link: `/catalog/default/component/${name}/rollouts`,
});

describe('attention problems on PostgreSQL', () => {
  const postgres = new TestPostgres();
  const clients: Knex[] = [];
  function client(database: string) {
    const knex = knexFactory({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port: postgres.port,
        user: postgres.user,
        password: postgres.password,
        database,
      },
      pool: { min: 0, max: 4 },
    });
    clients.push(knex);
    return knex;
  }

  beforeAll(async () => {
    await postgres.start();
    await client('postgres').raw('CREATE DATABASE attention');
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.destroy()));
    postgres.stop();
  });

  it('two replicas reconciling at the same instant claim each opening and resolution once', async () => {
    const [a, b] = [client('attention'), client('attention')];
    // replica A migrates first, as in a rolling update
    const storeA = await ProblemStore.create({
      database: { getClient: async () => a },
      resolveAfterMs: 1000,
    });
    const storeB = await ProblemStore.create({
      database: { getClient: async () => b },
      resolveAfterMs: 1000,
    });
    const detected = [
      'order-service',
      'shipping-service',
      'inventory-service',
    ].map(problem);
    const readable = new Set(['cluster:sandbox']);
    const now = Date.parse('2026-12-02T10:00:00Z');

    for (let round = 0; round < 5; round++) {
      const [ra, rb] = await Promise.all([
        storeA.reconcile(detected, readable, now + round),
        storeB.reconcile(detected, readable, now + round),
      ]);
      const opened = [...ra.opened, ...rb.opened].map(p => p.id).sort();
      expect(opened).toEqual(round === 0 ? detected.map(p => p.id).sort() : []);
    }
    expect((await storeB.listOpen()).map(p => p.openedAt)).toEqual([
      now,
      now,
      now,
    ]);

    const later = now + 10_000;
    const [ra, rb] = await Promise.all([
      storeA.reconcile([], readable, later),
      storeB.reconcile([], readable, later),
    ]);
    expect([...ra.resolved, ...rb.resolved].map(p => p.id).sort()).toEqual(
      detected.map(p => p.id).sort(),
    );
    expect(await storeA.listOpen()).toEqual([]);
    const rows = await a('attention_problems').whereNotNull('resolved_at');
    expect(rows).toHaveLength(3);
  });
});
