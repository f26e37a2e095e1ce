import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  rolloutsClusterCacheServiceRef,
  rolloutsClusterClientServiceRef,
} from '@supply-chain/plugin-rollouts-node';
import type { MLModelObject } from '@supply-chain/plugin-rollouts-common';
import request from 'supertest';
import {
  FakeClusters,
  inventoryDeployment,
  inventoryHpa,
  inventoryPod,
  inventoryReplicaSet,
  mlModel,
  orderDeployment,
} from './__fixtures__/fakeClusters';
import { rolloutsPlugin } from './plugin';

/** the organisation's catalog, trusted by the config of setup() */
const ORG_CATALOG = 'url:http://catalog.test/org/catalog-info.yaml';

const component = (
  name: string,
  annotations: Record<string, string> = {},
  origin = ORG_CATALOG,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-origin-location': origin,
      ...annotations,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/inventory-team',
  },
});

const entities = [
  component('inventory-service', {
    'backstage.io/kubernetes-id': 'inventory-service',
  }),
  component('order-service', { 'backstage.io/kubernetes-id': 'order-service' }),
  component('ml-prediction-service', {
    'backstage.io/kubernetes-id': 'ml-prediction-service',
  }),
];

const base = '/api/rollouts/entity/component/default/inventory-service';
const target = {
  cluster: 'sandbox',
  namespace: 'supply-chain',
  name: 'inventory-service',
};

async function setup(
  options: {
    deny?: string[];
    withHpa?: boolean;
    extraEntities?: Entity[];
    extraMLModels?: MLModelObject[];
  } = {},
) {
  const fake = new FakeClusters();
  fake.addCluster(
    'sandbox',
    { lastSyncTime: '2024-06-01T10:00:05.000Z' },
    {
      Deployment: [inventoryDeployment(), orderDeployment()],
      ReplicaSet: [
        inventoryReplicaSet(1, 'v1.2.3', 0),
        inventoryReplicaSet(2, 'v1.3.0', 3),
      ],
      Pod: [
        inventoryPod('inv-a', 2),
        inventoryPod('inv-b', 2),
        inventoryPod('inv-c', 2),
      ],
      HorizontalPodAutoscaler: options.withHpa ? [inventoryHpa()] : [],
      MLModel: [
        mlModel(
          'demand-forecasting-v2',
          {
            modelName: 'demand-forecasting',
            framework: 'tensorflow',
            replicas: 3,
          },
          {
            deploymentStatus: 'ready',
          },
        ),
        mlModel('too-big', {
          modelName: 'too-big',
          framework: 'tensorflow',
          replicas: 12,
        }),
        ...(options.extraMLModels ?? []),
      ],
    },
  );
  fake.addCluster('edge', {
    status: 'unreachable',
    since: '2024-06-01T09:00:00.000Z',
    error: 'cannot reach cluster edge: connection refused',
  });
  const live = {
    metadata: {
      uid: 'uid-inventory',
      resourceVersion: '42',
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: 3,
      paused: false,
      template: {
        metadata: { labels: { app: 'inventory-service', version: 'v1.3.0' } },
        spec: {
          containers: [
            {
              name: 'inventory-service',
              image: 'your-registry/inventory-service:v1.3.0',
            },
          ],
        },
      },
    },
  };
  fake.responses.set(
    '/apis/apps/v1/namespaces/supply-chain/deployments/inventory-service',
    live,
  );
  fake.responses.set('/apis/apps/v1/namespaces/supply-chain/replicasets', {
    items: [
      {
        metadata: {
          name: 'inventory-service-h1',
          annotations: {
            'deployment.kubernetes.io/revision': '1',
            'kubernetes.io/change-cause': 'v1.2.3',
          },
          ownerReferences: [
            { kind: 'Deployment', uid: 'uid-inventory', controller: true },
          ],
        },
        spec: {
          template: {
            metadata: {
              labels: {
                app: 'inventory-service',
                version: 'v1.2.3',
                'pod-template-hash': 'h1',
              },
            },
            spec: {
              containers: [
                {
                  name: 'inventory-service',
                  image: 'your-registry/inventory-service:v1.2.3',
                },
              ],
            },
          },
        },
      },
      {
        metadata: {
          name: 'inventory-service-h2',
          annotations: { 'deployment.kubernetes.io/revision': '2' },
          ownerReferences: [
            { kind: 'Deployment', uid: 'uid-inventory', controller: true },
          ],
        },
        spec: {
          template: {
            ...live.spec.template,
            metadata: {
              labels: {
                ...live.spec.template.metadata.labels,
                'pod-template-hash': 'h2',
              },
            },
          },
        },
      },
    ],
  });

  const deny = new Set(options.deny ?? []);
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: deny.has(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  });
  const auditor = mockServices.auditor.mock();
  const events: Array<{ eventId: string; outcome?: string }> = [];
  auditor.createEvent.mockImplementation(async opts => {
    const e = {
      eventId: opts.eventId,
      outcome: undefined as string | undefined,
    };
    events.push(e);
    return {
      success: async () => {
        e.outcome = 'success';
      },
      fail: async () => {
        e.outcome = 'fail';
      },
    };
  });
  const published: any[] = [];
  const { server } = await startTestBackend({
    features: [
      rolloutsPlugin,
      catalogServiceMock.factory({
        entities: [...entities, ...(options.extraEntities ?? [])],
      }),
      permissions.factory,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          rollouts: { signalDebounceMs: 10 },
          supplyChain: {
            ownership: { trustedLocations: ['url:http://catalog.test/org/'] },
          },
        },
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async (s: any) => void published.push(s) }),
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
  return { server, fake, events, published };
}

describe('rollouts backend reads', () => {
  it('answers for every cluster and names the one that is down, and since when', async () => {
    const { server } = await setup({ withHpa: true });
    const res = await request(server).get(`${base}/rollouts`);
    expect(res.status).toBe(200);
    expect(res.body.channel).toBe(
      'rollouts:entity:component:default/inventory-service',
    );
    const [edge, sandbox] = [...res.body.clusters].sort((a: any, b: any) =>
      a.name.localeCompare(b.name),
    );
    expect(edge).toEqual({
      name: 'edge',
      status: 'unreachable',
      since: '2024-06-01T09:00:00.000Z',
      error: 'cannot reach cluster edge: connection refused',
      deployments: [],
    });
    expect(sandbox.status).toBe('synced');
    expect(sandbox.deployments).toHaveLength(1);
    const dep = sandbox.deployments[0];
    expect(dep).toMatchObject({
      name: 'inventory-service',
      phase: 'complete',
      phaseMessage: 'deployment "inventory-service" successfully rolled out',
      desiredReplicas: 3,
      strategy: { type: 'RollingUpdate', maxSurge: '1', maxUnavailable: '0' },
      hpa: { min: 2, max: 20, capped: false },
    });
    expect(
      dep.revisions.map((r: any) => [
        r.revision,
        r.version,
        r.current,
        r.previous,
      ]),
    ).toEqual([
      [2, 'v1.3.0', true, false],
      [1, 'v1.2.3', false, true],
    ]);
    expect(dep.podsByRevision[0].pods.map((p: any) => p.name)).toEqual([
      'inv-a',
      'inv-b',
      'inv-c',
    ]);
  });

  it('gives one Deployment in detail, and 404 for a Deployment of another entity', async () => {
    const { server } = await setup();
    const ok = await request(server).get(
      `${base}/deployments/sandbox/supply-chain/inventory-service`,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.deployment.name).toBe('inventory-service');
    expect(ok.body.cluster.status).toBe('synced');
    const other = await request(server).get(
      `${base}/deployments/sandbox/supply-chain/order-service`,
    );
    expect(other.status).toBe(404);
    expect(other.body.error.message).toMatch(
      /has no Deployment supply-chain\/order-service in cluster sandbox/,
    );
  });

  it('answers 404 for an entity the catalog does not know', async () => {
    const { server } = await setup();
    const res = await request(server).get(
      '/api/rollouts/entity/component/default/nope/rollouts',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });

  it('answers 403 without rollouts.read', async () => {
    const { server } = await setup({ deny: ['rollouts.read'] });
    for (const path of [
      `${base}/rollouts`,
      '/api/rollouts/clusters',
      '/api/rollouts/mlmodels',
      `${base}/mlmodels`,
    ]) {
      const res = await request(server).get(path);
      expect(res.status).toBe(403);
    }
  });

  it('lists cluster health', async () => {
    const { server } = await setup();
    const res = await request(server).get('/api/rollouts/clusters');
    expect(res.status).toBe(200);
    expect(
      res.body.clusters.map((c: any) => `${c.name}:${c.status}`).sort(),
    ).toEqual(['edge:unreachable', 'sandbox:synced']);
  });

  it('lists MLModels of an entity and of all entities, naming the broken field', async () => {
    const { server } = await setup();
    const res = await request(server).get(
      '/api/rollouts/entity/component/default/ml-prediction-service/mlmodels',
    );
    expect(res.status).toBe(200);
    expect(
      res.body.models.map((m: any) => [m.name, m.valid, m.problems]),
    ).toEqual([
      ['demand-forecasting-v2', true, []],
      ['too-big', false, ['spec.replicas: must be at most 10 (got 12)']],
    ]);
    const none = await request(server).get(`${base}/mlmodels`);
    expect(none.body.models).toEqual([]);
    const all = await request(server).get('/api/rollouts/mlmodels');
    expect(all.body.models).toHaveLength(2);
  });

  it('lists every MLModel only to the platform team; others see those of entities they can read', async () => {
    const unclaimed = mlModel('unclaimed-model', {
      modelName: 'unclaimed',
      framework: 'onnx',
      replicas: 1,
    });
    unclaimed.metadata.labels = { app: 'unclaimed-model' };
    const names = (body: any) => body.models.map((m: any) => m.name).sort();

    const platform = await setup({ extraMLModels: [unclaimed] });
    const all = await request(platform.server).get('/api/rollouts/mlmodels');
    expect(names(all.body)).toEqual([
      'demand-forecasting-v2',
      'too-big',
      'unclaimed-model',
    ]);
    expect(all.body.onlyClaimed).toBeUndefined();

    const developer = await setup({
      deny: ['service-boundaries.unclaimed.read'],
      extraMLModels: [unclaimed],
    });
    const claimed = await request(developer.server).get(
      '/api/rollouts/mlmodels',
    );
    expect(claimed.status).toBe(200);
    expect(names(claimed.body)).toEqual(['demand-forecasting-v2', 'too-big']);
    expect(claimed.body.onlyClaimed).toBe(true);
  });

  it('signals a change to a watched entity once, debounced', async () => {
    const { server, fake, published } = await setup();
    await request(server).get(`${base}/rollouts`);
    const pod = inventoryPod('inv-a', 2);
    fake.emit({
      cluster: 'sandbox',
      kind: 'Pod',
      type: 'MODIFIED',
      object: pod,
    });
    fake.emit({
      cluster: 'sandbox',
      kind: 'Pod',
      type: 'MODIFIED',
      object: pod,
    });
    fake.emit({
      cluster: 'sandbox',
      kind: 'Deployment',
      type: 'MODIFIED',
      object: orderDeployment(),
    });
    await new Promise(r => setTimeout(r, 100));
    expect(published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'rollouts:entity:component:default/inventory-service',
        message: {
          type: 'changed',
          entityRef: 'component:default/inventory-service',
          clusters: ['sandbox'],
        },
      },
    ]);
  });
});

describe('rollouts backend actions', () => {
  it('refuses a restart of a Deployment that a second trusted entity also claims, naming both, and writes nothing', async () => {
    const twin = {
      ...component('inventory-twin', {
        'backstage.io/kubernetes-id': 'inventory-service',
      }),
      spec: { type: 'service', owner: 'group:default/fulfillment-team' },
    };
    const { server, fake, events } = await setup({ extraEntities: [twin] });
    const res = await request(server)
      .post(`${base}/actions/restart`)
      .send(target);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Deployment supply-chain/inventory-service in cluster sandbox is claimed by component:default/inventory-service and component:default/inventory-twin; writes are blocked until only one team claims it',
    );
    expect(fake.writes()).toEqual([]);
    expect(events).toEqual([{ eventId: 'rollout-restart', outcome: 'fail' }]);
  });

  it('refuses a restart in the name of an entity from an untrusted location that points at the Deployment', async () => {
    const planted = component(
      'planted',
      { 'backstage.io/kubernetes-id': 'inventory-service' },
      'url:http://git.test/someone/repo/catalog-info.yaml',
    );
    const { server, fake } = await setup({ extraEntities: [planted] });
    const res = await request(server)
      .post('/api/rollouts/entity/component/default/planted/actions/restart')
      .send(target);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'component:default/planted comes from url:http://git.test/someone/repo/catalog-info.yaml, which is not a trusted ownership source (supplyChain.ownership.trustedLocations); Deployment supply-chain/inventory-service in cluster sandbox belongs to component:default/inventory-service',
    );
    expect(fake.writes()).toEqual([]);
  });

  it('restarts like kubectl: template annotation restartedAt, audited', async () => {
    const { server, fake, events } = await setup();
    const res = await request(server)
      .post(`${base}/actions/restart`)
      .send(target);
    expect(res.status).toBe(200);
    expect(res.body.message).toMatch(
      /^deployment "inventory-service" restarted/,
    );
    const [write] = fake.writes();
    expect(write.contentType).toBe('application/strategic-merge-patch+json');
    expect(
      write.body.spec.template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(events).toEqual([
      { eventId: 'rollout-restart', outcome: 'success' },
    ]);
  });

  it.each([
    ['restart', 'rollouts.restart', {}],
    ['pause', 'rollouts.pause', {}],
    ['resume', 'rollouts.pause', {}],
    ['undo', 'rollouts.undo', { toRevision: 1 }],
    ['scale', 'rollouts.scale', { replicas: 5 }],
  ])(
    'refuses %s with 403 when %s is denied, and changes nothing',
    async (action, permission, extra) => {
      const { server, fake, events } = await setup({ deny: [permission] });
      const res = await request(server)
        .post(`${base}/actions/${action}`)
        .send({ ...target, ...extra });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(permission);
      expect(fake.writes()).toEqual([]);
      expect(events).toEqual([
        { eventId: `rollout-${action}`, outcome: 'fail' },
      ]);
    },
  );

  it.each([
    ['restart', { cluster: 'sandbox', namespace: 'supply-chain' }, /name/],
    ['undo', { ...target, toRevision: 'two' }, /toRevision/],
    ['undo', { ...target }, /toRevision/],
    ['scale', { ...target, replicas: -1 }, /replicas/],
    ['scale', { ...target, replicas: 2, extra: true }, /extra/],
    ['pause', { ...target, namespace: 'Not_A_Namespace' }, /namespace/],
  ])(
    'answers 400 naming the field for a bad %s body %j',
    async (action, body, field) => {
      const { server, fake } = await setup();
      const res = await request(server)
        .post(`${base}/actions/${action}`)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(field);
      expect(fake.writes()).toEqual([]);
    },
  );

  it('answers 400 for an unknown action', async () => {
    const { server } = await setup();
    const res = await request(server)
      .post(`${base}/actions/delete`)
      .send(target);
    expect(res.status).toBe(400);
  });

  it("answers 404 for a Deployment that is not the entity's, and changes nothing", async () => {
    const { server, fake } = await setup();
    const res = await request(server)
      .post(`${base}/actions/restart`)
      .send({ ...target, name: 'order-service' });
    expect(res.status).toBe(404);
    expect(fake.writes()).toEqual([]);
  });

  it('answers 404 for an unknown entity', async () => {
    const { server, fake } = await setup();
    const res = await request(server)
      .post('/api/rollouts/entity/component/default/nope/actions/restart')
      .send(target);
    expect(res.status).toBe(404);
    expect(fake.writes()).toEqual([]);
  });

  it('pauses and resumes through spec.paused', async () => {
    const { server, fake } = await setup();
    expect(
      (await request(server).post(`${base}/actions/pause`).send(target)).body
        .message,
    ).toBe('deployment "inventory-service" paused');
    expect(fake.writes()[0]).toMatchObject({
      body: { spec: { paused: true } },
      contentType: 'application/merge-patch+json',
    });
    expect(
      (await request(server).post(`${base}/actions/resume`).send(target)).body
        .message,
    ).toBe('deployment "inventory-service" is already running (not paused)');
  });

  it('undoes to a chosen revision with its pod template minus pod-template-hash', async () => {
    const { server, fake } = await setup();
    const res = await request(server)
      .post(`${base}/actions/undo`)
      .send({ ...target, toRevision: 1 });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe(
      'deployment "inventory-service" rolled back to revision 1',
    );
    const [write] = fake.writes();
    expect(write.contentType).toBe('application/json-patch+json');
    expect(write.body[0]).toEqual({
      op: 'replace',
      path: '/spec/template',
      value: {
        metadata: { labels: { app: 'inventory-service', version: 'v1.2.3' } },
        spec: {
          containers: [
            {
              name: 'inventory-service',
              image: 'your-registry/inventory-service:v1.2.3',
            },
          ],
        },
      },
    });
    expect(write.body[1].value).toEqual({
      'deployment.kubernetes.io/revision': '2',
      'kubernetes.io/change-cause': 'v1.2.3',
    });
  });

  it('skips an undo to the current template, and refuses an unknown revision with 400', async () => {
    const { server, fake } = await setup();
    const same = await request(server)
      .post(`${base}/actions/undo`)
      .send({ ...target, toRevision: 2 });
    expect(same.body.message).toBe(
      'skipped rollback (current template already matches revision 2)',
    );
    const unknown = await request(server)
      .post(`${base}/actions/undo`)
      .send({ ...target, toRevision: 7 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'toRevision: deployment "inventory-service" has no revision 7 (revisions: 1, 2)',
    );
    expect(fake.writes()).toEqual([]);
  });

  it('scales through the scale subresource, but refuses with 409 when an HPA scales the Deployment', async () => {
    const plain = await setup();
    const ok = await request(plain.server)
      .post(`${base}/actions/scale`)
      .send({ ...target, replicas: 5 });
    expect(ok.status).toBe(200);
    expect(ok.body.message).toBe(
      'deployment "inventory-service" scaled from 3 to 5 replicas',
    );
    expect(plain.fake.writes()[0]).toMatchObject({
      path: '/apis/apps/v1/namespaces/supply-chain/deployments/inventory-service/scale',
      body: { spec: { replicas: 5 } },
    });

    const withHpa = await setup({ withHpa: true });
    const refused = await request(withHpa.server)
      .post(`${base}/actions/scale`)
      .send({ ...target, replicas: 5 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'deployment "inventory-service" is scaled by HorizontalPodAutoscaler "inventory-service-hpa" (min 2, max 20); change the HPA\'s minReplicas/maxReplicas instead',
    );
    expect(withHpa.fake.writes()).toEqual([]);
  });
});
