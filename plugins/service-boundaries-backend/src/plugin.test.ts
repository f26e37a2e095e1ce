import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ClusterFacts } from '@supply-chain/plugin-service-boundaries-common';
import request from 'supertest';
import { serviceBoundariesPlugin } from './plugin';
import { clusterFactsSourceServiceRef } from '@supply-chain/plugin-service-boundaries-node';
import {
  loadRealCatalog,
  loadSeedClusterFacts,
} from '@supply-chain/plugin-service-boundaries-common/testUtils';

const seedFacts = loadSeedClusterFacts();

async function startBackend(
  options: {
    facts?: () => Promise<ClusterFacts>;
    /** true: every permission; a list: those permissions */
    deny?: boolean | string[];
  } = {},
) {
  const catalog = catalogServiceMock({ entities: loadRealCatalog() });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const actionsRegistry = actionsRegistryServiceMock();
  const features: any[] = [
    serviceBoundariesPlugin,
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
    createServiceFactory({
      service: clusterFactsSourceServiceRef,
      deps: {},
      factory: () => ({
        getClusterFacts: options.facts ?? (async () => seedFacts),
      }),
    }),
    createServiceFactory({
      service: actionsRegistryServiceRef,
      deps: {},
      factory: () => actionsRegistry,
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
  const { server } = await startTestBackend({ features });
  return { server, getEntities, actionsRegistry };
}

describe('service-boundaries backend with the real catalog and the seed cluster facts', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    backend = await startBackend();
  });
  beforeEach(() => backend.getEntities.mockClear());

  const get = (path: string) =>
    request(backend.server).get(`/api/service-boundaries${path}`);

  describe('GET /owners', () => {
    it('who owns inventory-service → inventory-team with its members', async () => {
      const res = await get('/owners?q=inventory-service');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('matched');
      const [match] = res.body.matches;
      expect(match).toMatchObject({
        matchedBy: 'entity-name',
        entity: { ref: 'component:default/inventory-service' },
        system: { ref: 'system:default/inventory-management' },
        owner: {
          ref: 'group:default/inventory-team',
          email: 'inventory-team@supplychain.example',
          links: [
            {
              url: 'https://slack.supplychain.example/channels/inventory-team',
            },
          ],
        },
      });
      expect(match.owner.members.map((m: any) => m.email)).toEqual([
        'aisha.bello@supplychain.example',
        'elena.petrova@supplychain.example',
        'marcus.lindqvist@supplychain.example',
      ]);
      expect(backend.getEntities).toHaveBeenCalledTimes(1);
    });

    it.each([
      [
        'cluster.local/ns/supply-chain/sa/order-service-sa',
        'order-service',
        'fulfillment-team',
        'service-account-of-workload',
      ],
      [
        'your-registry/inventory-service:v1.2.3',
        'inventory-service',
        'inventory-team',
        'image-of-workload',
      ],
      [
        'sandbox/supply-chain/deployment/shipping-service',
        'shipping-service',
        'fulfillment-team',
        'workload-label',
      ],
      [
        'argocd:ml-prediction-service',
        'ml-prediction-service',
        'ml-team',
        'argocd-app-name-annotation',
      ],
      [
        'mlmodel:predictive-maintenance-v3',
        'ml-prediction-service',
        'ml-team',
        'mlmodel-label',
      ],
      [
        'component:default/payment-service',
        'payment-service',
        'payments-team',
        'entity-ref',
      ],
    ])('%s → %s (%s, matched by %s)', async (q, name, team, matchedBy) => {
      const res = await get(`/owners?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.matches[0]).toMatchObject({
        matchedBy,
        entity: { name },
        owner: { ref: `group:default/${team}` },
      });
    });

    it('nothing matched: 200 with status none and the kinds tried', async () => {
      const res = await get('/owners?q=warehouse-robot');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'none', matches: [] });
      expect(res.body.message).toContain(
        'Nothing matched "warehouse-robot". Tried: entity name, Argo CD application',
      );
    });

    it('a missing q is a 400 naming the field', async () => {
      const res = await get('/owners');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('q: must not be empty');
    });
  });

  describe('POST /owners/batch', () => {
    it('answers 1,000 identifiers with ONE catalog call', async () => {
      const kinds = [
        'inventory-service',
        'cluster.local/ns/supply-chain/sa/order-service-sa',
        'your-registry/inventory-service:v1.2.3',
        'argocd:shipping-service',
        'namespace:supply-chain',
        'nothing-here',
      ];
      const identifiers = Array.from(
        { length: 1000 },
        (_, i) => kinds[i % kinds.length],
      );
      const res = await request(backend.server)
        .post('/api/service-boundaries/owners/batch')
        .send({ identifiers });
      expect(res.status).toBe(200);
      expect(res.body.answers).toHaveLength(1000);
      expect(res.body.answers[1].matches[0].owner.ref).toBe(
        'group:default/fulfillment-team',
      );
      expect(res.body.summary).toEqual({
        identifiers: 1000,
        matched: 668,
        ambiguous: 166,
        none: 166,
      });
      expect(backend.getEntities).toHaveBeenCalledTimes(1);
    });

    it.each([
      [{}, 'body.identifiers: must be an array of strings'],
      [
        { identifiers: [] },
        'body.identifiers: must list at least one identifier',
      ],
      [{ identifiers: ['ok', 7] }, 'body.identifiers.1: must be a string'],
    ])('rejects %j with a 400 naming the field', async (body, message) => {
      const res = await request(backend.server)
        .post('/api/service-boundaries/owners/batch')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(message);
    });
  });

  describe('GET /boundaries', () => {
    it('inventory-service: responsibilities, dependencies with owners, dependents, provided APIs', async () => {
      const res = await get(
        '/boundaries?entityRef=component:default/inventory-service',
      );
      expect(res.status).toBe(200);
      expect(res.body.responsibilities).toHaveLength(4);
      expect(
        res.body.dependencies.map((d: any) => [d.entity.name, d.entity.owner]),
      ).toEqual([
        ['inventory-db', 'group:default/inventory-team'],
        ['inventory-cache', 'group:default/inventory-team'],
        ['notification-service', 'group:default/platform-team'],
        ['notification-api', 'group:default/platform-team'],
      ]);
      expect(res.body.dependents.map((d: any) => d.entity.name)).toEqual([
        'ml-prediction-service',
        'order-service',
      ]);
      expect(res.body.providedApis.map((a: any) => a.name)).toEqual([
        'inventory-http',
        'inventory-grpc',
      ]);
    });

    it('unknown entity → 404 with a clear message', async () => {
      const res = await get('/boundaries?entityRef=component:default/nope');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'No entity component:default/nope in the catalog (or you may not read it)',
      );
    });

    it.each([
      ['', 'entityRef: must not be empty'],
      [
        '?entityRef=inventory-service',
        'entityRef: "inventory-service" is not an entity ref (kind:namespace/name)',
      ],
      [
        '?entityRef=system:default/ml-platform',
        'entityRef must name a component, but system:default/ml-platform is a System',
      ],
    ])('bad entityRef %s → 400', async (query, message) => {
      const res = await get(`/boundaries${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(message);
    });
  });

  describe('GET /map', () => {
    it('the domain: nodes grouped by system, coloured by team, edges for declared dependencies', async () => {
      const res = await get('/map?entityRef=domain:default/supply-chain');
      expect(res.status).toBe(200);
      expect(res.body.systems).toHaveLength(3);
      expect(res.body.nodes).toHaveLength(14);
      expect(res.body.teams).toHaveLength(6);
      expect(res.body.edges.length).toBeGreaterThan(10);
    });

    it('a system', async () => {
      const res = await get('/map?entityRef=system:default/ml-platform');
      expect(res.status).toBe(200);
      expect(res.body.scope.ref).toBe('system:default/ml-platform');
      expect(res.body.nodes.filter((n: any) => !n.external)).toHaveLength(4);
    });
  });

  describe('GET /drift', () => {
    it('system-wide on the seed: admin-sa is an undeclared caller of inventory-service; ml-prediction-service is declared via consumesApis', async () => {
      const res = await get('/drift');
      expect(res.status).toBe(200);
      expect(res.body.cluster).toEqual({
        status: 'available',
        clusters: ['sandbox'],
      });
      expect(res.body.summary).toEqual({
        services: 6,
        servicesWithDrift: 1,
        undeclaredCallers: 1,
        refusedDependencies: 0,
        responsibilitiesDiffer: 0,
        sharedWorkloads: 0,
      });
      const inventory = res.body.services.find(
        (s: any) => s.entity.name === 'inventory-service',
      );
      expect(inventory.undeclaredCallers).toEqual([
        {
          principal: 'cluster.local/ns/supply-chain/sa/admin-sa',
          policy: 'supply-chain/inventory-service-authz',
        },
      ]);
      expect(
        inventory.allowedCallers.map((c: any) => c.component?.name),
      ).toEqual(['order-service', 'ml-prediction-service', undefined]);
    });

    it('one service', async () => {
      const res = await get('/drift?entityRef=component:default/order-service');
      expect(res.status).toBe(200);
      expect(res.body.services.map((s: any) => s.entity.name)).toEqual([
        'order-service',
      ]);
    });

    it('a system: its deployed services', async () => {
      const res = await get(
        '/drift?entityRef=system:default/order-fulfillment',
      );
      expect(res.body.services.map((s: any) => s.entity.name)).toEqual([
        'notification-service',
        'order-service',
        'payment-service',
        'shipping-service',
      ]);
    });
  });

  describe('GET /unowned', () => {
    it('every seed workload is claimed', async () => {
      const res = await get('/unowned');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        total: 0,
        cluster: { status: 'available' },
      });
    });
  });

  describe('who-owns action', () => {
    it('is registered and answers with the same lookup', async () => {
      const result = await backend.actionsRegistry.invoke({
        id: 'test:who-owns',
        input: {
          identifiers: ['cluster.local/ns/supply-chain/sa/order-service-sa'],
        },
      });
      const output = result.output as any;
      expect(output.answers[0]).toMatchObject({
        status: 'matched',
        clusterStatus: 'available',
        matches: [
          {
            entityRef: 'component:default/order-service',
            systemRef: 'system:default/order-fulfillment',
            matchedBy: 'service-account-of-workload',
            owner: {
              ref: 'group:default/fulfillment-team',
              email: 'fulfillment-team@supplychain.example',
            },
          },
        ],
      });
      expect(output.answers[0].matches[0].owner.members).toHaveLength(3);
    });

    it('rejects input that does not fit the schema', async () => {
      await expect(
        backend.actionsRegistry.invoke({
          id: 'test:who-owns',
          input: { identifiers: [] },
        }),
      ).rejects.toThrow(/identifiers/);
    });
  });
});

describe('service-boundaries backend when the clusters are unavailable', () => {
  it('drift answers from the catalog, labelled unavailable', async () => {
    const { server } = await startBackend({
      facts: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
      },
    });
    const res = await request(server).get('/api/service-boundaries/drift');
    expect(res.status).toBe(200);
    expect(res.body.cluster).toEqual({
      status: 'unavailable',
      clusters: [],
      message: 'Cluster data unavailable: connect ECONNREFUSED 127.0.0.1:6443',
    });
    expect(res.body.services).toHaveLength(6);
    expect(res.body.services[0].responsibilities.status).toBe('unavailable');

    const unowned = await request(server).get(
      '/api/service-boundaries/unowned',
    );
    expect(unowned.body).toMatchObject({
      total: 0,
      cluster: { status: 'unavailable' },
    });

    const owners = await request(server).get(
      `/api/service-boundaries/owners?q=${encodeURIComponent(
        'cluster.local/ns/supply-chain/sa/order-service-sa',
      )}`,
    );
    expect(owners.body.matches[0]).toMatchObject({
      entity: { name: 'order-service' },
      matchedBy: 'service-account-convention',
    });
  });
});

describe('service-boundaries backend permissions', () => {
  it('a denied read is a 403', async () => {
    const { server } = await startBackend({ deny: true });
    const res = await request(server).get(
      '/api/service-boundaries/owners?q=inventory-service',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Not allowed: service-boundaries.owners.read',
    );
  });

  it('unowned workloads are the platform team’s list: others get a 403 saying why, and drift still works', async () => {
    const { server } = await startBackend({
      deny: ['service-boundaries.unclaimed.read'],
    });
    const res = await request(server).get('/api/service-boundaries/unowned');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Only the platform team sees unowned workloads: a workload no entity you can see claims may be another team’s (permission service-boundaries.unclaimed.read)',
    );
    const drift = await request(server).get('/api/service-boundaries/drift');
    expect(drift.status).toBe(200);
  });
});
