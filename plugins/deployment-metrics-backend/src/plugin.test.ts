import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { rolloutsClusterCacheServiceRef } from '@supply-chain/plugin-rollouts-node';
import request from 'supertest';
import {
  FakeClusterCache,
  FakeDeployment,
} from './__fixtures__/fakeClusterCache';
import { deploymentMetricsPlugin } from './plugin';

function component(
  name: string,
  owner: string,
  system: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner, system },
  };
}

const entities: Entity[] = [
  component('orders', 'group:default/checkout-team', 'shop'),
  component('payments', 'group:default/checkout-team', 'shop'),
  component('search', 'group:default/discovery-team', 'catalog', {
    'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/name=search',
  }),
];

const iso = (offsetSeconds: number, base: number) =>
  new Date(base + offsetSeconds * 1000).toISOString();

async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

async function startBackend(options: {
  /** true: every permission; a list: those permissions */
  deny?: boolean | string[];
  cache: FakeClusterCache;
}) {
  const actionsRegistry = actionsRegistryServiceMock();
  const features: any[] = [
    deploymentMetricsPlugin,
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalogServiceMock({ entities }),
    }),
    createServiceFactory({
      service: rolloutsClusterCacheServiceRef,
      deps: {},
      factory: () => options.cache.service,
    }),
    createServiceFactory({
      service: actionsRegistryServiceRef,
      deps: {},
      factory: () => actionsRegistry,
    }),
    mockServices.rootConfig.factory({
      data: { deploymentMetrics: { retention: { days: 90 } } },
    }),
  ];
  const { deny } = options;
  if (deny) {
    features.push(
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result:
              deny === true || deny.includes(r.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      }).factory,
    );
  }
  const backend = await startTestBackend({ features });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    actionsRegistry,
  };
}

describe('deployment-metrics backend (SQLite)', () => {
  const base = Date.now() + 60_000; // after recording begins
  const window = `from=${iso(-86_400, base)}&to=${iso(86_400, base)}`;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let cache: FakeClusterCache;

  beforeAll(async () => {
    jest.setTimeout(30_000);
    cache = new FakeClusterCache('sandbox');
    backend = await startBackend({ cache });
    await waitFor(async () => (cache.subscribers > 0 ? true : undefined));
    const orders = new FakeDeployment(cache, 'orders');
    orders.rollTo('orders:1', iso(0, base));
    orders.complete(iso(20, base));
    orders.rollTo('orders:2', iso(100, base));
    orders.progress(1, 2, iso(110, base));
    orders.complete(iso(160, base));
    orders.rollTo('orders:3', iso(200, base));
    orders.stall(iso(800, base));
    orders.rollTo('orders:2', iso(900, base)); // undo
    orders.complete(iso(930, base));
    const search = new FakeDeployment(cache, 'search-api', {
      labels: { 'app.kubernetes.io/name': 'search' },
    });
    search.rollTo('search:1', iso(50, base));
    search.complete(iso(80, base));
    await waitFor(async () => {
      const res = await request(backend.server).get(
        `/api/deployment-metrics/rollouts?${window}`,
      );
      return res.body.rollouts?.length === 5 &&
        res.body.rollouts.every((r: any) => r.outcome !== 'in-progress')
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    await backend.stop();
  });

  it('serves an entity the numbers of its window and the window before', async () => {
    const res = await request(backend.server).get(
      `/api/deployment-metrics/entity/component/default/orders/metrics?${window}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/orders');
    expect(res.body.current).toMatchObject({
      deployments: 3,
      rollbacks: 1,
      failures: 1,
      firstTimeSuccessRate: 2 / 3,
      medianTimeToRecoverSeconds: 130,
      capacityDrops: 1,
      medianDurationSeconds: 30,
      p90DurationSeconds: 60,
    });
    expect(res.body.previous.message).toMatch(
      /^no deployments observed since \d{4}-/,
    );
    expect(res.body.previous.deployments).toBeUndefined();
  });

  it('maps Deployments by the label selector annotation too', async () => {
    const res = await request(backend.server).get(
      `/api/deployment-metrics/entity/component/default/search/metrics?${window}`,
    );
    expect(res.body.current).toMatchObject({
      deployments: 1,
      medianDurationSeconds: 30,
    });
  });

  it('says since when nothing was observed instead of zeros', async () => {
    const res = await request(backend.server).get(
      `/api/deployment-metrics/entity/component/default/payments/metrics?${window}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.current).toEqual({
      observedSince: expect.any(String),
      message: `no deployments observed since ${res.body.current.observedSince}`,
    });
  });

  it('compares services, teams and systems', async () => {
    const byTeam = await request(backend.server).get(
      `/api/deployment-metrics/metrics?groupBy=team&${window}`,
    );
    expect(byTeam.status).toBe(200);
    expect(
      byTeam.body.groups.map((g: any) => [g.group, g.metrics.deployments]),
    ).toEqual([
      ['group:default/checkout-team', 3],
      ['group:default/discovery-team', 1],
    ]);
    const bySystem = await request(backend.server).get(
      `/api/deployment-metrics/metrics?groupBy=system&${window}`,
    );
    expect(bySystem.body.groups.map((g: any) => g.group)).toEqual([
      'system:default/catalog',
      'system:default/shop',
    ]);
    const byService = await request(backend.server).get(
      `/api/deployment-metrics/metrics?${window}`,
    );
    expect(byService.body.groupBy).toBe('service');
    expect(byService.body.groups).toHaveLength(3);
    expect(byService.body.groups[1].metrics.message).toMatch(
      /no deployments observed since/,
    );
  });

  it('drills down to the rollouts behind a number', async () => {
    const res = await request(backend.server).get(
      `/api/deployment-metrics/rollouts?entityRef=component:default/orders&outcome=failed&${window}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.rollouts).toEqual([
      expect.objectContaining({
        deployment: 'orders',
        toRevision: 3,
        outcome: 'rolled-back',
        images: ['orders:3'],
      }),
    ]);
    const rollbacks = await request(backend.server).get(
      `/api/deployment-metrics/rollouts?entityRef=component:default/orders&outcome=rollback&${window}`,
    );
    expect(rollbacks.body.rollouts.map((r: any) => r.toRevision)).toEqual([4]);
  });

  it.each([
    ['from=yesterday', /from must be an ISO 8601 date/],
    [`from=${iso(0, base)}&to=${iso(-10, base)}`, /to .* must be after from/],
    [
      `from=${iso(-100 * 86_400, base)}&to=${iso(0, base)}`,
      /from: the window is longer than the retention of 90 days/,
    ],
    [`${window}&groupBy=planet`, /groupBy must be service, team or system/],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const res = await request(backend.server).get(
      `/api/deployment-metrics/metrics?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 400 for an unknown drill-down outcome and 404 for an unknown entity', async () => {
    const bad = await request(backend.server).get(
      `/api/deployment-metrics/rollouts?outcome=meh&${window}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^outcome must be one of/);
    const missing = await request(backend.server).get(
      `/api/deployment-metrics/entity/component/default/nope/metrics?${window}`,
    );
    expect(missing.status).toBe(404);
  });

  it('registers get-deployment-metrics in the actions registry', async () => {
    const result = await backend.actionsRegistry.invoke({
      id: 'test:get-deployment-metrics',
      input: {
        entityRef: 'component:default/orders',
        from: iso(-86_400, base),
        to: iso(86_400, base),
      },
    });
    expect((result.output as any).metrics.current.deployments).toBe(3);
    await expect(
      backend.actionsRegistry.invoke({
        id: 'test:get-deployment-metrics',
        input: { groupBy: 'team', from: 'soon' },
      }),
    ).rejects.toThrow(/from must be an ISO 8601 date/);
  });
});

describe('deployment-metrics backend permissions', () => {
  it('refuses reads without deployment-metrics.read', async () => {
    const backend = await startBackend({
      deny: true,
      cache: new FakeClusterCache(),
    });
    const res = await request(backend.server).get(
      '/api/deployment-metrics/metrics',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/deployment-metrics\.read/);
    await backend.stop();
  });
});

describe('deployment-metrics backend, the cluster-wide drill-down', () => {
  it('lists every recorded rollout to the platform team only; others see those of the components they can read', async () => {
    const base = Date.now() + 60_000;
    const window = `from=${iso(-86_400, base)}&to=${iso(86_400, base)}`;
    const cache = new FakeClusterCache('sandbox');
    const platform = await startBackend({ cache });
    const developer = await startBackend({
      cache,
      deny: ['service-boundaries.unclaimed.read'],
    });
    try {
      await waitFor(async () => (cache.subscribers > 1 ? true : undefined));
      const orders = new FakeDeployment(cache, 'orders');
      orders.rollTo('orders:1', iso(0, base));
      orders.complete(iso(20, base));
      // no catalog component claims this one
      const batch = new FakeDeployment(cache, 'nightly-batch');
      batch.rollTo('batch:1', iso(30, base));
      batch.complete(iso(40, base));
      const deployments = async (server: typeof platform.server) => {
        const res = await request(server).get(
          `/api/deployment-metrics/rollouts?${window}`,
        );
        expect(res.status).toBe(200);
        return res.body.rollouts.map((r: any) => r.deployment).sort();
      };
      await waitFor(async () =>
        (await deployments(platform.server)).length === 2 ? true : undefined,
      );
      expect(await deployments(platform.server)).toEqual([
        'nightly-batch',
        'orders',
      ]);
      expect(await deployments(developer.server)).toEqual(['orders']);
    } finally {
      await platform.stop();
      await developer.stop();
    }
  });
});
