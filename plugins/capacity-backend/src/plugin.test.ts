import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  type CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EntitySizingResponse,
  ServicesCapacityResponse,
} from '@supply-chain/plugin-capacity-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { capacityPlugin } from './plugin';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'order-service' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/a' },
};

/** a port nothing listens on: a cluster that is down */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

let actionsRegistry: ReturnType<typeof actionsRegistryServiceMock>;

async function setup(
  capacity?: unknown,
  catalog: () => CatalogService = () =>
    catalogServiceMock({ entities: [entity] }),
) {
  const port = await closedPort();
  actionsRegistry = actionsRegistryServiceMock();
  const { server } = await startTestBackend({
    features: [
      capacityPlugin,
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistry,
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: catalog,
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'down-cluster',
                    url: `http://127.0.0.1:${port}`,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'not-a-secret',
                  },
                ],
              },
            ],
          },
          ...(capacity ? { capacity } : {}),
        },
      }),
    ],
  });
  return server;
}

describe('GET /api/capacity/entity', () => {
  it('answers 400 naming entityRef when it is missing', async () => {
    const server = await setup();
    const res = await request(server).get('/api/capacity/entity');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^entityRef is required/);
  });

  it('answers 404 naming an entity the catalog does not have', async () => {
    const server = await setup();
    const res = await request(server).get(
      '/api/capacity/entity?entityRef=component:default/nowhere',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity component:default/nowhere in the catalog',
    );
  });

  it('labels a cluster that is down as degraded, with its name and the error', async () => {
    const server = await setup();
    const res = await request(server).get(
      '/api/capacity/entity?entityRef=component:default/order-service',
    );
    expect(res.status).toBe(200);
    const body = res.body as EntitySizingResponse;
    expect(body.entityRef).toBe('component:default/order-service');
    expect(body.clusters).toEqual([
      {
        name: 'down-cluster',
        status: 'degraded',
        error: 'cannot reach cluster down-cluster: connection refused',
        deployments: [],
      },
    ]);
  });
});

describe('GET /api/capacity/services', () => {
  const hidden: Entity = {
    ...entity,
    metadata: {
      ...entity.metadata,
      name: 'payment-service',
      annotations: { 'backstage.io/kubernetes-id': 'payment-service' },
    },
  };
  /** a catalog that shows payment-service only to user:default/admin */
  const catalog = () => {
    const mock = catalogServiceMock({ entities: [entity, hidden] });
    return {
      ...mock,
      getEntities: async (req: any, options: any) => {
        const { items } = await mock.getEntities(req, options);
        const user = options.credentials.principal.userEntityRef;
        return {
          items: items.filter(
            e =>
              user === 'user:default/admin' ||
              e.metadata.name !== hidden.metadata.name,
          ),
        };
      },
    } as CatalogService;
  };

  it("lists only the services the caller's catalog view holds, with a down cluster labelled, not a 500", async () => {
    const server = await setup(undefined, catalog);
    const res = await request(server)
      .get('/api/capacity/services')
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    expect(res.status).toBe(200);
    const body = res.body as ServicesCapacityResponse;
    expect(body.services.map(s => s.entityRef)).toEqual([
      'component:default/order-service',
    ]);
    expect(body.services[0]).toMatchObject({
      owner: 'group:default/a',
      deployments: [],
      missing: [],
    });
    expect(body.clusters).toEqual([
      {
        name: 'down-cluster',
        status: 'degraded',
        error: 'cannot reach cluster down-cluster: connection refused',
      },
    ]);
    expect(body.wasteBasis).toMatch(/^Waste is the monthly cost of what is/);

    const admin = await request(server)
      .get('/api/capacity/services')
      .set('Authorization', mockCredentials.user.header('user:default/admin'));
    expect(admin.body.services.map((s: any) => s.name)).toEqual([
      'order-service',
      'payment-service',
    ]);
  });

  it('answers 401 without credentials', async () => {
    const server = await setup();
    const res = await request(server)
      .get('/api/capacity/services')
      .set('Authorization', 'Bearer not-a-token');
    expect(res.status).toBe(401);
  });
});

describe('GET /api/capacity/node-groups', () => {
  it('labels a cluster that is down as degraded, with the error', async () => {
    const server = await setup({
      currency: 'EUR',
      prices: [{ nodeGroup: 'ml-workload', hourlyPrice: 0.1 }],
    });
    const res = await request(server).get('/api/capacity/node-groups');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      currency: 'EUR',
      clusters: [
        {
          name: 'down-cluster',
          status: 'degraded',
          error:
            'cannot read the nodes: cannot reach cluster down-cluster: connection refused',
          nodeGroups: [],
        },
      ],
    });
  });

  it('answers 401 without credentials', async () => {
    const server = await setup();
    const res = await request(server)
      .get('/api/capacity/node-groups')
      .set('Authorization', 'Bearer not-a-token');
    expect(res.status).toBe(401);
  });
});

describe('capacity.prices', () => {
  it('fails the start naming the bad field', async () => {
    await expect(
      setup({ prices: [{ nodeGroup: 'ml-workload', hourlyPrice: 'cheap' }] }),
    ).rejects.toThrow(
      'capacity.prices.0.hourlyPrice: must be a number (price per node-hour)',
    );
  });
});

describe('get-entity-sizing action', () => {
  it('answers what the endpoint answers, and names a missing entity', async () => {
    await setup();
    const result = await actionsRegistry.invoke({
      id: 'test:get-entity-sizing',
      input: { entityRef: 'component:default/order-service' },
    });
    expect((result.output as any).clusters[0]).toEqual({
      name: 'down-cluster',
      status: 'degraded',
      error: 'cannot reach cluster down-cluster: connection refused',
      deployments: [],
    });
    await expect(
      actionsRegistry.invoke({
        id: 'test:get-entity-sizing',
        input: { entityRef: 'component:default/nowhere' },
      }),
    ).rejects.toThrow('No entity component:default/nowhere in the catalog');
  });
});
