/*
 * The overview endpoints against the sandbox's real kube-apiserver (the sandbox
 * the harness gives: $SANDBOX_STATE, else <repo>/.sandbox; reused when it runs,
 * started otherwise; it fails, never skips, when it cannot start). The portal
 * reads with the least-privilege portal token. Nothing in the cluster changes.
 */
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
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  ensureSandbox,
  portalKubernetesConfig,
  Sandbox,
  waitUntil,
} from '@supply-chain/sandbox-harness';
import request from 'supertest';
import { rolloutsPlugin } from './plugin';

jest.setTimeout(300_000);

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': name,
      'backstage.io/managed-by-origin-location':
        'url:http://catalog.test/org/catalog-info.yaml',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const entities = [
  component('inventory-service', 'group:default/inventory-team'),
  component('order-service', 'group:default/order-team'),
  component('shipping-service', 'group:default/order-team'),
  component('ml-prediction-service', 'group:default/ml-team'),
];

/** order-team's developer: the catalog lets them read order-team's entities only. */
const ORDER_DEV = 'user:default/order-dev';
const isOrderDev = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef ===
  ORDER_DEV;

function catalogByCaller(): CatalogService {
  const all = catalogServiceMock({ entities });
  const orderTeam = catalogServiceMock({
    entities: entities.filter(
      e => e.spec?.owner === 'group:default/order-team',
    ),
  });
  // every method takes its options ({ credentials }) second
  return new Proxy({} as CatalogService, {
    get: (_, method) =>
      typeof (all as any)[method] === 'function'
        ? (req: unknown, options: { credentials: BackstageCredentials }) =>
            ((isOrderDev(options.credentials) ? orderTeam : all) as any)[
              method
            ](req, options)
        : undefined,
  });
}

let sb: Sandbox;
let server: any;

beforeAll(async () => {
  sb = await ensureSandbox();
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(r => ({
        result:
          r.permission.name === 'service-boundaries.unclaimed.read' &&
          isOrderDev(credentials)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  ({ server } = await startTestBackend({
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
          kubernetes: portalKubernetesConfig(sb),
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
    ],
  }));
  await waitUntil(
    'the cluster synced',
    async () => (await request(server).get('/api/rollouts/clusters')).body,
    b => b.clusters?.[0]?.status === 'synced',
  );
});

const get = (path: string, user?: string) => {
  const r = request(server).get(`/api/rollouts${path}`);
  return user ? r.set('Authorization', mockCredentials.user.header(user)) : r;
};

/** The per-entity answers, reduced to what the overview carries of them. */
async function perEntity(names: string[], user?: string) {
  const answers: Record<string, unknown> = {};
  for (const name of names) {
    const res = await get(`/entity/component/default/${name}/rollouts`, user);
    expect(res.status).toBe(200);
    // the overview carries Deployments only; a cluster's Argo Rollouts are on the entity endpoint
    answers[`component:default/${name}`] = res.body.clusters.map(
      ({ argoRollouts: _, ...c }: any) => ({
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
      }),
    );
  }
  return answers;
}

async function overview(user?: string) {
  const res = await get('/overview/rollouts', user);
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.entities.map((e: any) => [e.entityRef, e.clusters]),
  );
}

/**
 * The overview equals the per-entity answers read right after it; the live
 * cluster (kwok's pods, lastSyncTime) may move between the reads, so a few tries.
 */
async function expectOverviewEqualsPerEntity(names: string[], user?: string) {
  let last: { ours: unknown; theirs: unknown } | undefined;
  for (let attempt = 0; attempt < 10; attempt++) {
    const ours = await overview(user);
    const theirs = await perEntity(names, user);
    last = { ours, theirs };
    if (JSON.stringify(ours) === JSON.stringify(theirs)) break;
    await new Promise(r => setTimeout(r, 1000));
  }
  expect(last!.ours).toEqual(last!.theirs);
}

describe('overview endpoints against the sandbox apiserver', () => {
  it('GET /overview/rollouts equals the per-entity answers of every entity', async () => {
    await expectOverviewEqualsPerEntity(entities.map(e => e.metadata.name));
    const all = await overview();
    const inventory = all['component:default/inventory-service'][0];
    expect(inventory).toMatchObject({ name: 'sandbox', status: 'synced' });
    expect(inventory.deployments.map((d: any) => d.name)).toContain(
      'inventory-service',
    );
  });

  it('gives order-team only its own entities, equal to their own answers', async () => {
    await expectOverviewEqualsPerEntity(
      ['order-service', 'shipping-service'],
      ORDER_DEV,
    );
    const hidden = await get(
      '/entity/component/default/inventory-service/rollouts',
      ORDER_DEV,
    );
    expect(hidden.status).toBe(404);
  });

  it('GET /mlmodels names the entity whose own MLModels endpoint lists each model', async () => {
    const all = await get('/mlmodels');
    expect(all.status).toBe(200);
    expect(all.body.models.length).toBeGreaterThan(0);
    const own = await get(
      '/entity/component/default/ml-prediction-service/mlmodels',
    );
    const ownNames = own.body.models.map((m: any) => m.name).sort();
    expect(ownNames.length).toBeGreaterThan(0);
    expect(
      all.body.models
        .filter((m: any) => m.selectedBy?.name === 'ml-prediction-service')
        .map((m: any) => m.name)
        .sort(),
    ).toEqual(ownNames);
    expect(
      all.body.models.find((m: any) => m.name === ownNames[0]).selectedBy,
    ).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'ml-prediction-service',
      owner: 'group:default/ml-team',
    });

    // order-team's entities select no MLModel of the sandbox
    const claimed = await get('/mlmodels', ORDER_DEV);
    expect(claimed.body).toMatchObject({ models: [], onlyClaimed: true });
  });
});
