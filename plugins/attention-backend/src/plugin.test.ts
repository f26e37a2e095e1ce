import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { argocdInstancesServiceRef } from '@supply-chain/plugin-argocd-node';
import {
  AttentionResponse,
  ServicesResponse,
} from '@supply-chain/plugin-attention-common';
import { rolloutsClusterCacheServiceRef } from '@supply-chain/plugin-rollouts-node';
import request from 'supertest';
import { component, FakeCluster, workload } from './__fixtures__/cluster';
import { attentionPlugin } from './plugin';

const OUTSIDER = 'user:default/outsider';

jest.setTimeout(30_000);

async function startBackend(cluster: FakeCluster) {
  const entities = [
    component('order-service'),
    component('inventory-service', 'group:default/inventory-team'),
  ].map(e => ({
    ...e,
    relations: [{ type: 'ownedBy', targetRef: String(e.spec!.owner) }],
  }));
  const catalog = catalogServiceMock({ entities });
  // the outsider may read nothing (as a permission policy could decide)
  const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
  catalog.getEntitiesByRefs = async (req, options) => {
    const result = await getEntitiesByRefs(req, options);
    const credentials = (options as { credentials?: { principal: unknown } })
      ?.credentials;
    const principal = (credentials?.principal ?? {}) as {
      userEntityRef?: string;
    };
    return principal.userEntityRef === OUTSIDER
      ? { items: result.items.map(() => undefined) }
      : result;
  };
  const sent: unknown[] = [];
  const { server } = await startTestBackend({
    features: [
      attentionPlugin,
      mockServices.rootConfig.factory({
        data: {
          attention: { evaluateEverySeconds: 1, resolveAfterSeconds: 0 },
        },
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () =>
          mockServices.userInfo({
            ownershipEntityRefs: [
              'user:default/aisha',
              'group:default/fulfillment-team',
            ],
          }),
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      createServiceFactory({
        service: rolloutsClusterCacheServiceRef,
        deps: {},
        factory: () =>
          Object.assign(cluster, {
            waitForSync: async () => {},
            // the test announces its changes like the watch cache does
            subscribe: (listener: () => void) => {
              cluster.listeners.push(listener);
              return () => {};
            },
          }) as any,
      }),
      createServiceFactory({
        service: argocdInstancesServiceRef,
        deps: {},
        factory: () => ({
          settings: {} as any,
          instanceNames: () => [],
          client: () => undefined,
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async (n: unknown) => void sent.push(n) }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async () => {} }),
      }),
    ],
  });
  return { server, sent };
}

async function problemsOf(
  server: any,
  user = 'user:default/aisha',
  query = '',
): Promise<AttentionResponse> {
  const res = await request(server)
    .get(`/api/attention/problems${query}`)
    .set('Authorization', mockCredentials.user.header(user));
  expect(res.status).toBe(200);
  return res.body;
}

async function eventually<T>(read: () => Promise<T>, ok: (t: T) => boolean) {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('condition not met within 10 s');
}

describe('attention backend plugin', () => {
  it("serves the caller's services with their rollout state in one request, to signed-in users only", async () => {
    const cluster = new FakeCluster()
      .put(workload('order-service', 'stalled'))
      .put(workload('inventory-service'));
    const { server } = await startBackend(cluster);
    const res = await request(server)
      .get('/api/attention/services')
      .set('Authorization', mockCredentials.user.header('user:default/aisha'));
    expect(res.status).toBe(200);
    const body: ServicesResponse = res.body;
    // aisha is of fulfillment-team: order-service, not inventory-team's service
    expect(body.services.map(s => s.entityRef)).toEqual([
      'component:default/order-service',
    ]);
    expect(body.services[0].rollouts!.deployments).toEqual([
      expect.objectContaining({ name: 'order-service', phase: 'stalled' }),
    ]);

    const anonymous = await request(server)
      .get('/api/attention/services')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('lists the problems the caller may see, their own team first, and notifies the owner once', async () => {
    const cluster = new FakeCluster()
      .put(workload('order-service', 'stalled'))
      .put(workload('inventory-service', 'crash-loop'));
    const { server, sent } = await startBackend(cluster);

    const body = await eventually(
      () => problemsOf(server),
      b => b.problems.length === 2,
    );
    expect(body.problems.map(p => [p.title, p.ownerRef, p.mine])).toEqual([
      [
        'order-service: rollout stalled',
        'group:default/fulfillment-team',
        true,
      ],
      [
        'inventory-service: 2 pods are crash-looping',
        'group:default/inventory-team',
        false,
      ],
    ]);
    expect(body.sources).toEqual([
      { name: 'catalog', healthy: true },
      { name: 'clusters', healthy: true },
    ]);
    expect(body.evaluatedAt).toBeDefined();
    expect(sent).toHaveLength(2);

    // narrowed to one entity
    const one = await problemsOf(
      server,
      'user:default/aisha',
      '?entityRef=component:default/inventory-service',
    );
    expect(one.problems.map(p => p.kind)).toEqual(['crash-loop']);

    // someone who may not read the entities sees none of their problems
    expect((await problemsOf(server, OUTSIDER)).problems).toEqual([]);
  });

  it('refuses a malformed entityRef, naming the parameter, and an anonymous caller', async () => {
    const { server } = await startBackend(new FakeCluster());
    const bad = await request(server)
      .get('/api/attention/problems?entityRef=order-service')
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^entityRef must be one entity ref/);
    const anonymous = await request(server)
      .get('/api/attention/problems')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('resolves a problem once the cluster no longer shows it', async () => {
    const cluster = new FakeCluster().put(workload('order-service', 'stalled'));
    const { server } = await startBackend(cluster);
    await eventually(
      () => problemsOf(server),
      b => b.problems.length === 1,
    );
    cluster.put(workload('order-service'));
    cluster.listeners.forEach(l => l());
    const after = await eventually(
      () => problemsOf(server),
      b => b.problems.length === 0,
    );
    expect(after.problems).toEqual([]);
  });
});
