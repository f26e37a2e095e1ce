import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { ObjectFilter } from '@supply-chain/plugin-rollouts-node';
import {
  rolloutsClusterCacheServiceRef,
  rolloutsClusterClientServiceRef,
} from '@supply-chain/plugin-rollouts-node';
import request from 'supertest';
import {
  FakeClusters,
  inventoryDeployment,
  inventoryPod,
  inventoryReplicaSet,
  mlModel,
  orderDeployment,
} from './__fixtures__/fakeClusters';
import { rolloutsPlugin } from './plugin';

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string>,
  extra: { title?: string; system?: string } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(extra.title ? { title: extra.title } : {}),
    annotations: {
      'backstage.io/managed-by-origin-location':
        'url:http://catalog.test/org/catalog-info.yaml',
      ...annotations,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner,
    ...(extra.system ? { system: extra.system } : {}),
  },
});

const entities = [
  component(
    'inventory-service',
    'group:default/inventory-team',
    { 'backstage.io/kubernetes-id': 'inventory-service' },
    { title: 'Inventory', system: 'system:default/inventory-management' },
  ),
  component('order-service', 'group:default/order-team', {
    'backstage.io/kubernetes-id': 'order-service',
  }),
  component('ml-prediction-service', 'group:default/ml-team', {
    'backstage.io/kubernetes-id': 'ml-prediction-service',
  }),
  component('broken-selector', 'group:default/order-team', {
    'backstage.io/kubernetes-label-selector': 'app in (',
  }),
  component('cache-trouble', 'group:default/inventory-team', {
    'backstage.io/kubernetes-id': 'cache-trouble',
    'backstage.io/kubernetes-namespace': 'troubled',
  }),
  // no Kubernetes annotations: not on the overview
  component('docs-only', 'group:default/inventory-team', {}),
];

/** A member of order-team; the catalog lets them read only order-team's entities. */
const ORDER_DEV = 'user:default/order-dev';

/**
 * The catalog as the permission framework makes it: order-dev reads only
 * order-team's entities, everyone else reads them all.
 */
function catalogByCaller(): CatalogService {
  const all = catalogServiceMock({ entities });
  const orderTeam = catalogServiceMock({
    entities: entities.filter(
      e => e.spec?.owner === 'group:default/order-team',
    ),
  });
  const pick = (credentials: BackstageCredentials) =>
    (credentials.principal as { userEntityRef?: string }).userEntityRef ===
    ORDER_DEV
      ? orderTeam
      : all;
  // every method takes its options ({ credentials }) second
  return new Proxy({} as CatalogService, {
    get: (_, method) =>
      typeof (all as any)[method] === 'function'
        ? (req: unknown, options: { credentials: BackstageCredentials }) =>
            (pick(options.credentials) as any)[method](req, options)
        : undefined,
  });
}

/** The watch cache of one namespace answers that it is not ready. */
class TroubledClusters extends FakeClusters {
  listDeployments(cluster: string, filter?: ObjectFilter) {
    if (filter?.namespace === 'troubled') {
      throw new ServiceUnavailableError(
        `the watch of cluster ${cluster} has not synced yet`,
      );
    }
    return super.listDeployments(cluster, filter);
  }
}

async function setup(options: { deny?: string[] } = {}) {
  const fake = new TroubledClusters();
  const stalled = orderDeployment();
  stalled.status!.conditions = [
    {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    },
  ];
  const unclaimed = mlModel('unclaimed-model', { modelName: 'unclaimed' });
  unclaimed.metadata.labels = { app: 'unclaimed-model' };
  const orderRanker = mlModel('order-ranker', { modelName: 'order-ranker' });
  orderRanker.metadata.labels = {
    'backstage.io/kubernetes-id': 'order-service',
  };
  fake.addCluster(
    'sandbox',
    { lastSyncTime: '2024-06-01T10:00:05.000Z' },
    {
      Deployment: [inventoryDeployment(), stalled],
      ReplicaSet: [
        inventoryReplicaSet(1, 'v1.2.3', 0),
        inventoryReplicaSet(2, 'v1.3.0', 3),
      ],
      Pod: [inventoryPod('inv-a', 2), inventoryPod('inv-b', 2)],
      MLModel: [
        mlModel(
          'demand-forecasting-v2',
          { modelName: 'demand-forecasting', replicas: 3 },
          { deploymentStatus: 'ready' },
        ),
        unclaimed,
        orderRanker,
      ],
    },
  );
  fake.addCluster('edge', {
    status: 'unreachable',
    since: '2024-06-01T09:00:00.000Z',
    error: 'cannot reach cluster edge: connection refused',
  });
  const deny = new Set(options.deny ?? []);
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(r => ({
        result:
          deny.has(r.permission.name) ||
          // only the platform team reads what no entity claims
          (r.permission.name === 'service-boundaries.unclaimed.read' &&
            (credentials.principal as any).userEntityRef === ORDER_DEV)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  const { server } = await startTestBackend({
    features: [
      rolloutsPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: catalogByCaller,
      }),
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          supplyChain: {
            ownership: { trustedLocations: ['url:http://catalog.test/org/'] },
          },
        },
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async () => {} }),
      }),
      createServiceFactory({
        service: rolloutsClusterCacheServiceRef,
        deps: {},
        factory: () => fake,
      }),
      createServiceFactory({
        service: rolloutsClusterClientServiceRef,
        deps: {},
        factory: () => fake,
      }),
    ],
  });
  return { server };
}

const as = (user: string) => mockCredentials.user.header(user);

/** GET /entity/.../rollouts reduced to what the overview carries of it. */
function summarized(body: any) {
  return body.clusters.map((c: any) => ({
    ...c,
    deployments: c.deployments.map((d: any) => ({
      cluster: d.cluster,
      namespace: d.namespace,
      name: d.name,
      phase: d.phase,
      phaseMessage: d.phaseMessage,
      desiredReplicas: d.desiredReplicas,
      updatedReplicas: d.updatedReplicas,
      readyReplicas: d.readyReplicas,
      revision: d.revision,
    })),
  }));
}

describe('GET /api/rollouts/overview/rollouts', () => {
  it('answers for every annotated entity what its own rollouts endpoint says', async () => {
    const { server } = await setup();
    const res = await request(server).get('/api/rollouts/overview/rollouts');
    expect(res.status).toBe(200);
    const refs = res.body.entities.map((e: any) => e.entityRef);
    expect([...refs].sort()).toEqual([
      'component:default/broken-selector',
      'component:default/cache-trouble',
      'component:default/inventory-service',
      'component:default/ml-prediction-service',
      'component:default/order-service',
    ]);
    const own = async (name: string) =>
      request(server).get(
        `/api/rollouts/entity/component/default/${name}/rollouts`,
      );
    const readable = res.body.entities.filter(
      (e: any) => e.entity.name !== 'cache-trouble',
    );
    for (const item of readable) {
      const answer = await own(item.entity.name);
      expect(answer.status).toBe(200);
      expect(item.error).toBeUndefined();
      expect(item.clusters).toEqual(summarized(answer.body));
    }
    // the same failure as its own endpoint, for this entity only
    const troubled = await own('cache-trouble');
    expect(troubled.status).toBe(503);
    expect(
      res.body.entities.find((e: any) => e.entity.name === 'cache-trouble'),
    ).toMatchObject({
      clusters: [],
      error: {
        error: {
          name: 'ServiceUnavailableError',
          message: troubled.body.error.message,
        },
        response: { statusCode: 503 },
      },
    });

    const byName = (name: string) =>
      res.body.entities.find((e: any) => e.entity.name === name);
    expect(byName('inventory-service').entity).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'inventory-service',
      title: 'Inventory',
      owner: 'group:default/inventory-team',
      system: 'system:default/inventory-management',
    });
    const order = byName('order-service').clusters.find(
      (c: any) => c.name === 'sandbox',
    ).deployments[0];
    expect(order.phase).toBe('stalled');
    expect(order.phaseMessage).toMatch(/exceeded its progress deadline/);
    expect(
      byName('order-service').clusters.find((c: any) => c.name === 'edge'),
    ).toMatchObject({
      status: 'unreachable',
      error: 'cannot reach cluster edge: connection refused',
      deployments: [],
    });
    expect(byName('broken-selector').clusters[0].error).toMatch(
      /is not a valid label selector: app in \(/,
    );
  });

  it('holds only the entities the caller may read in the catalog', async () => {
    const { server } = await setup();
    const res = await request(server)
      .get('/api/rollouts/overview/rollouts')
      .set('Authorization', as(ORDER_DEV));
    expect(res.status).toBe(200);
    expect(res.body.entities.map((e: any) => e.entityRef).sort()).toEqual([
      'component:default/broken-selector',
      'component:default/order-service',
    ]);
    expect(JSON.stringify(res.body)).not.toContain('inventory-service');
  });

  it('answers 403 without rollouts.read', async () => {
    const { server } = await setup({ deny: ['rollouts.read'] });
    const res = await request(server).get('/api/rollouts/overview/rollouts');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/permission rollouts.read/);
  });
});

describe('GET /api/rollouts/mlmodels: the ML models page in one request', () => {
  it('names the entity that selects each model, for the platform team every model', async () => {
    const { server } = await setup();
    const res = await request(server).get('/api/rollouts/mlmodels');
    expect(res.status).toBe(200);
    expect(res.body.onlyClaimed).toBeUndefined();
    const byName = Object.fromEntries(
      res.body.models.map((m: any) => [m.name, m]),
    );
    expect(byName['demand-forecasting-v2'].selectedBy).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'ml-prediction-service',
      owner: 'group:default/ml-team',
    });
    expect(byName['unclaimed-model']).toBeDefined();
    expect(byName['unclaimed-model'].selectedBy).toBeUndefined();
  });

  it('gives a non-owner only the models of entities they may read', async () => {
    const { server } = await setup();
    const res = await request(server)
      .get('/api/rollouts/mlmodels')
      .set('Authorization', as(ORDER_DEV));
    expect(res.status).toBe(200);
    // ml-team's model and the unclaimed one are hidden from them
    expect(
      res.body.models.map((m: any) => [m.name, m.selectedBy?.name]),
    ).toEqual([['order-ranker', 'order-service']]);
    expect(res.body.onlyClaimed).toBe(true);
  });
});
