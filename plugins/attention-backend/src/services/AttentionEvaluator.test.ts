import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { ArgoCdInstancesService } from '@supply-chain/plugin-argocd-node';
import { ATTENTION_KINDS } from '@supply-chain/plugin-attention-common';
import { ClusterFacts } from '@supply-chain/plugin-service-boundaries-common';
import {
  loadRealCatalog,
  loadSeedClusterFacts,
} from '@supply-chain/plugin-service-boundaries-common/testUtils';
import knexFactory, { Knex } from 'knex';
import { component, FakeCluster, workload } from '../__fixtures__/cluster';
import { AttentionEvaluator } from './AttentionEvaluator';
import { ProblemStore } from './ProblemStore';

const RESOLVE_AFTER_MS = 60_000;

function noArgoCd(): ArgoCdInstancesService {
  return {
    settings: {} as any,
    instanceNames: () => [],
    client: () => undefined,
  };
}

/** One backend replica: its own cache view and evaluator over the shared database. */
async function replica(options: {
  knex: Knex;
  cluster: FakeCluster;
  entities: Entity[];
  clock: { now: number };
  sent: NotificationSendOptions[];
  signals?: jest.Mock;
}) {
  const database: DatabaseService = { getClient: async () => options.knex };
  const store = await ProblemStore.create({
    database,
    resolveAfterMs: RESOLVE_AFTER_MS,
  });
  const evaluator = new AttentionEvaluator({
    catalog: catalogServiceMock({ entities: options.entities }),
    auth: mockServices.auth(),
    cache: options.cluster,
    argocd: noArgoCd(),
    store,
    notifications: { send: async n => void options.sent.push(n) },
    signals: { publish: options.signals ?? jest.fn() },
    logger: mockServices.logger.mock(),
    notify: { enabled: true, kinds: new Set(ATTENTION_KINDS) },
    now: () => options.clock.now,
  });
  return { store, evaluator };
}

describe('AttentionEvaluator', () => {
  let knex: Knex;
  beforeEach(() => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  });
  afterEach(() => knex.destroy());

  const order = component('order-service');
  const entities = [order, component('shipping-service')];

  it('opens a problem once, notifies its owner once, keeps it across a restart and resolves it once it is gone', async () => {
    const cluster = new FakeCluster()
      .put(workload('order-service', 'stalled'))
      .put(workload('shipping-service'));
    const clock = { now: Date.parse('2026-12-02T10:00:00Z') };
    const sent: NotificationSendOptions[] = [];
    const signals = jest.fn();
    const first = await replica({
      knex,
      cluster,
      entities,
      clock,
      sent,
      signals,
    });

    await first.evaluator.evaluate({ refreshArgoCd: true });
    const [open] = await first.store.listOpen();
    expect(open).toMatchObject({
      kind: 'rollout-stalled',
      entityRef: 'component:default/order-service',
      openedAt: clock.now,
    });
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: 'group:default/fulfillment-team',
        },
        payload: expect.objectContaining({
          title: 'order-service: rollout stalled',
          link: '/catalog/default/component/order-service/rollouts',
          severity: 'high',
          topic: 'rollout-stalled',
          scope: `attention:${open.id}`,
        }),
      },
    ]);
    expect(signals).toHaveBeenCalledTimes(1);

    // evaluations while it lasts announce nothing more
    clock.now += 15_000;
    await first.evaluator.evaluate({ refreshArgoCd: true });
    expect(sent).toHaveLength(1);
    expect(signals).toHaveBeenCalledTimes(1);

    // a restarted backend (new store, new evaluator, same database)
    const restarted = await replica({ knex, cluster, entities, clock, sent });
    clock.now += 15_000;
    await restarted.evaluator.evaluate({ refreshArgoCd: true });
    expect(sent).toHaveLength(1);
    expect((await restarted.store.listOpen())[0].openedAt).toBe(
      Date.parse('2026-12-02T10:00:00Z'),
    );

    // fixed: still open until it has been gone for resolveAfter
    cluster.put(workload('order-service'));
    clock.now += RESOLVE_AFTER_MS - 1;
    await restarted.evaluator.evaluate({ refreshArgoCd: true });
    expect(await restarted.store.listOpen()).toHaveLength(1);
    clock.now += RESOLVE_AFTER_MS;
    await restarted.evaluator.evaluate({ refreshArgoCd: true });
    expect(await restarted.store.listOpen()).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent[1].payload).toMatchObject({
      title: 'Resolved: order-service: rollout stalled',
      severity: 'low',
      scope: `attention:${open.id}`,
    });
  });

  it('does not resolve the problems of a cluster it cannot read, and says the cluster is unhealthy', async () => {
    const cluster = new FakeCluster().put(workload('order-service', 'stalled'));
    const clock = { now: Date.parse('2026-12-02T10:00:00Z') };
    const sent: NotificationSendOptions[] = [];
    const { store, evaluator } = await replica({
      knex,
      cluster,
      entities,
      clock,
      sent,
    });
    await evaluator.evaluate({ refreshArgoCd: true });

    // the cluster goes away: the cache empties and reports it unreachable
    cluster.deployments = [];
    cluster.health = {
      ...cluster.health,
      status: 'unreachable',
      error: 'connect ECONNREFUSED 127.0.0.1:6443',
    };
    clock.now += 10 * RESOLVE_AFTER_MS;
    await evaluator.evaluate({ refreshArgoCd: true });
    expect(await store.listOpen()).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(evaluator.lastEvaluation.sources).toContainEqual({
      name: 'clusters',
      healthy: false,
      message:
        'cluster sandbox is unreachable: connect ECONNREFUSED 127.0.0.1:6443',
    });
  });

  it('two replicas evaluating the same cluster announce each opening and resolution once', async () => {
    const cluster = new FakeCluster().put(
      workload('shipping-service', 'crash-loop'),
    );
    const clock = { now: Date.parse('2026-12-02T10:00:00Z') };
    const sent: NotificationSendOptions[] = [];
    const a = await replica({ knex, cluster, entities, clock, sent });
    const b = await replica({ knex, cluster, entities, clock, sent });

    await Promise.all([
      a.evaluator.evaluate({ refreshArgoCd: true }),
      b.evaluator.evaluate({ refreshArgoCd: true }),
    ]);
    await b.evaluator.evaluate({ refreshArgoCd: true });
    expect(sent.map(n => n.payload.title)).toEqual([
      'shipping-service: 2 pods are crash-looping',
    ]);

    cluster.put(workload('shipping-service'));
    clock.now += 2 * RESOLVE_AFTER_MS;
    await Promise.all([
      a.evaluator.evaluate({ refreshArgoCd: true }),
      b.evaluator.evaluate({ refreshArgoCd: true }),
    ]);
    expect(sent.map(n => n.payload.title)).toEqual([
      'shipping-service: 2 pods are crash-looping',
      'Resolved: shipping-service: 2 pods are crash-looping',
    ]);
  });

  it('updates the words of an open problem in place: same since, no second notification', async () => {
    const cluster = new FakeCluster().put(
      workload('shipping-service', 'crash-loop'),
    );
    const clock = { now: Date.parse('2026-12-02T10:00:00Z') };
    const sent: NotificationSendOptions[] = [];
    const { store, evaluator } = await replica({
      knex,
      cluster,
      entities,
      clock,
      sent,
    });
    await evaluator.evaluate({ refreshArgoCd: true });
    const [before] = await store.listOpen();

    // one of the two pods recovers: the title changes, the problem stays
    const w = workload('shipping-service', 'crash-loop');
    w.pods[1] = workload('shipping-service').pods[1];
    cluster.put(w);
    clock.now += 15_000;
    await evaluator.evaluate({ refreshArgoCd: true });
    const [after] = await store.listOpen();
    expect(after.id).toBe(before.id);
    expect(before.title).toBe('shipping-service: 2 pods are crash-looping');
    expect(after.title).toBe('shipping-service: 1 pod is crash-looping');
    expect(after.openedAt).toBe(before.openedAt);
    expect(after.updatedAt).toBe(clock.now);
    expect(sent).toHaveLength(1);
  });

  it('sends nothing for kinds that do not notify, but still lists them', async () => {
    const cluster = new FakeCluster().put(workload('order-service', 'stalled'));
    const store = await ProblemStore.create({
      database: { getClient: async () => knex },
      resolveAfterMs: RESOLVE_AFTER_MS,
    });
    const send = jest.fn();
    const evaluator = new AttentionEvaluator({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      cache: cluster,
      argocd: noArgoCd(),
      store,
      notifications: { send },
      logger: mockServices.logger.mock(),
      notify: { enabled: true, kinds: new Set(['mlmodel-failed']) },
    });
    await evaluator.evaluate({ refreshArgoCd: true });
    expect(send).not.toHaveBeenCalled();
    expect(await store.listOpen()).toHaveLength(1);
  });

  it('keeps the list when the catalog cannot be read, and says so', async () => {
    const cluster = new FakeCluster().put(workload('order-service', 'stalled'));
    const store = await ProblemStore.create({
      database: { getClient: async () => knex },
      resolveAfterMs: 0,
    });
    const catalog = catalogServiceMock({ entities });
    const evaluator = new AttentionEvaluator({
      catalog,
      auth: mockServices.auth(),
      cache: cluster,
      argocd: noArgoCd(),
      store,
      logger: mockServices.logger.mock(),
      notify: { enabled: false, kinds: new Set() },
    });
    await evaluator.evaluate({ refreshArgoCd: true });
    jest
      .spyOn(catalog, 'getEntities')
      .mockRejectedValue(new Error('connect ECONNREFUSED'));
    await evaluator.evaluate({ refreshArgoCd: true });
    expect(await store.listOpen()).toHaveLength(1);
    expect(evaluator.lastEvaluation.sources[0]).toEqual({
      name: 'catalog',
      healthy: false,
      message: 'the catalog could not be read: connect ECONNREFUSED',
    });
  });

  it("opens the seed's boundary drift for inventory-team, keeps it while the clusters cannot be read, resolves it once the policy no longer lets admin-sa in", async () => {
    const store = await ProblemStore.create({
      database: { getClient: async () => knex },
      resolveAfterMs: 0,
    });
    let facts: ClusterFacts | Error = loadSeedClusterFacts();
    const evaluator = new AttentionEvaluator({
      catalog: catalogServiceMock({ entities: loadRealCatalog() }),
      auth: mockServices.auth(),
      cache: new FakeCluster(),
      argocd: noArgoCd(),
      clusterFacts: {
        getClusterFacts: async () => {
          if (facts instanceof Error) throw facts;
          return facts;
        },
      },
      store,
      logger: mockServices.logger.mock(),
      notify: { enabled: false, kinds: new Set() },
    });
    const drift = async () =>
      (await store.listOpen()).filter(p => p.kind === 'boundary-drift');

    await evaluator.evaluate({ refreshArgoCd: true });
    expect(await drift()).toMatchObject([
      {
        entityRef: 'component:default/inventory-service',
        ownerRef: 'group:default/inventory-team',
        reason: expect.stringContaining('sa/admin-sa'),
      },
    ]);

    facts = new Error('sandbox is unreachable');
    await evaluator.evaluate({ refreshArgoCd: true });
    expect(await drift()).toHaveLength(1);

    const declaredOnly = structuredClone(loadSeedClusterFacts());
    for (const rule of declaredOnly.authorizationPolicies.flatMap(
      p => p.rules,
    )) {
      rule.principals = rule.principals?.filter(p => !p.endsWith('/admin-sa'));
    }
    facts = declaredOnly;
    await evaluator.evaluate({ refreshArgoCd: true });
    expect(await drift()).toEqual([]);
  });

  it('sends a notification again when the send fails (the replica that claimed it is the only one that will), and says so when it gives up', async () => {
    const cluster = new FakeCluster().put(workload('order-service', 'stalled'));
    const store = await ProblemStore.create({
      database: { getClient: async () => knex },
      resolveAfterMs: RESOLVE_AFTER_MS,
    });
    const send = jest
      .fn()
      .mockRejectedValueOnce(new Error('socket hang up'))
      .mockResolvedValueOnce(undefined);
    const logger = mockServices.logger.mock();
    const clock = { now: Date.now() };
    const evaluator = new AttentionEvaluator({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      cache: cluster,
      argocd: noArgoCd(),
      store,
      notifications: { send },
      logger,
      notify: { enabled: true, kinds: new Set(ATTENTION_KINDS) },
      now: () => clock.now,
    });
    await evaluator.evaluate({ refreshArgoCd: true });
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1][0].payload.title).toBe(
      'order-service: rollout stalled',
    );
    expect(logger.warn).not.toHaveBeenCalled();

    // gone for good: three attempts, then a warning naming the problem
    cluster.put(workload('order-service'));
    send.mockReset().mockRejectedValue(new Error('connect ECONNREFUSED'));
    clock.now += RESOLVE_AFTER_MS + 1;
    await evaluator.evaluate({ refreshArgoCd: true });
    expect(send).toHaveBeenCalledTimes(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^could not notify group:default\/.+ about rollout-stalled:.+ \(3 attempts\): Error: connect ECONNREFUSED$/,
      ),
    );
  });
});
