import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ADMIN_PASSWORD,
  FakeArgoCd,
  SHA,
  STATIC_TOKEN,
  makeApp,
  startFakeArgoCd,
  recordingLogger,
} from '@supply-chain/plugin-argocd-node/testUtils';
import {
  component,
  fakeCatalog,
  fakeOwnership,
  fakeHttpAuth,
  fakePermissions,
  recordingAuditor,
} from './__fixtures__/testServices';
import { createRouter } from './router';
import { DefaultArgoCdInstances } from '@supply-chain/plugin-argocd-node';
import { ArgoCdActions } from './services/ArgoCdActions';
import { ArgoCdApplications } from './services/ArgoCdApplications';

const OWNER = 'user:default/olivia';
const STRANGER = 'user:default/sam';

describe('argocd router', () => {
  let prod: FakeArgoCd;
  let staging: FakeArgoCd;
  let server: Server;
  let base: string;
  let auditor: ReturnType<typeof recordingAuditor>;
  let permissions: ReturnType<typeof fakePermissions>;
  let logger: ReturnType<typeof recordingLogger>;

  const entities = [
    component('order-service', {
      'argocd/app-name': 'order-service',
      'argocd/instance-name': 'prod,staging',
    }),
    component('inventory-service', { 'argocd/app-selector': 'team=inventory' }),
    component('ghost-service', { 'argocd/app-name': 'ghost' }),
    component('plain-service', {}),
    component('broken-service', { 'argocd/app-name': 'Bad_Name' }),
  ];

  async function start(options: { prodUrl?: string } = {}) {
    logger = recordingLogger();
    auditor = recordingAuditor();
    permissions = fakePermissions([OWNER]);
    const config = new ConfigReader({
      argocd: {
        requestTimeoutMs: 2000,
        appLocatorMethods: [
          {
            type: 'config',
            instances: [
              {
                name: 'prod',
                url: options.prodUrl ?? prod.url,
                username: 'admin',
                password: ADMIN_PASSWORD,
              },
              { name: 'staging', url: staging.url, token: STATIC_TOKEN },
            ],
          },
        ],
      },
    });
    const applications = new ArgoCdApplications(
      DefaultArgoCdInstances.fromConfig({ config, logger }),
      logger,
    );
    const app = express();
    app.use(
      await createRouter({
        logger,
        httpAuth: fakeHttpAuth(),
        permissions,
        auditor,
        catalog: fakeCatalog(entities),
        ownership: fakeOwnership(entities),
        applications,
        actions: new ArgoCdActions(applications),
      }),
    );
    app.use(MiddlewareFactory.create({ config, logger }).error());
    server = await new Promise<Server>(done => {
      const s = app.listen(0, '127.0.0.1', () => done(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const call = async (
    path: string,
    options: { user?: string; method?: string; body?: unknown } = {},
  ) => {
    const response = await fetch(`${base}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        authorization: `Bearer ${options.user ?? OWNER}`,
        'content-type': 'application/json',
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text), text };
  };

  beforeEach(async () => {
    prod = await startFakeArgoCd();
    staging = await startFakeArgoCd();
    prod.apps.set('order-service', makeApp('order-service'));
    staging.apps.set(
      'order-service',
      makeApp('order-service', { sync: 'OutOfSync', health: 'Progressing' }),
    );
    staging.apps.set(
      'inventory-service',
      makeApp('inventory-service', { labels: { team: 'inventory' } }),
    );
    prod.apps.set(
      'inventory-service',
      makeApp('inventory-service', {
        labels: { team: 'inventory' },
        multiSource: true,
      }),
    );
    for (const f of [prod, staging]) {
      for (let i = 1; i <= 3; i++) {
        f.metadata.set(SHA(i), {
          author: 'Dev <dev@example.com>',
          date: `2026-01-0${i}T09:00:00Z`,
          message: `change ${i}`,
        });
      }
    }
    await start();
  });
  afterEach(async () => {
    await new Promise(done => server.close(done));
    await prod.close();
    await staging.close();
  });

  it("lists the entity's applications on its instances, in annotation order", async () => {
    const { status, body } = await call(
      '/entities/component/default/order-service/applications',
    );
    expect(status).toBe(200);
    expect(body.annotated).toBe(true);
    expect(body.instances).toEqual([
      { name: 'prod', ok: true },
      { name: 'staging', ok: true },
    ]);
    expect(
      body.applications.map((a: any) => [
        a.instance,
        a.name,
        a.syncStatus,
        a.healthStatus,
      ]),
    ).toEqual([
      ['prod', 'order-service', 'Synced', 'Healthy'],
      ['staging', 'order-service', 'OutOfSync', 'Progressing'],
    ]);
    const [first] = body.applications;
    expect(first).toMatchObject({
      appNamespace: 'argocd',
      project: 'default',
      lastSyncedAt: '2026-01-20T10:00:00Z',
      sources: [
        {
          repoURL: 'file:///gitops.git',
          path: 'apps/order-service',
          targetRevision: 'HEAD',
        },
      ],
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'supply-chain',
      },
      uiUrl: `${prod.url}/applications/argocd/order-service`,
      operation: { phase: 'Succeeded', initiatedBy: 'admin' },
      revisions: [
        {
          revision: SHA(3),
          kind: 'git',
          detailsStatus: 'ok',
          details: { message: 'change 3', author: 'Dev <dev@example.com>' },
        },
      ],
    });
  });

  it('selector: finds apps on every instance; multi-source revisions are split into Helm and git', async () => {
    const { body } = await call(
      '/entities/component/default/inventory-service/applications',
    );
    expect(body.applications.map((a: any) => a.instance)).toEqual([
      'prod',
      'staging',
    ]);
    expect(body.applications[0].revisions).toMatchObject([
      {
        sourceIndex: 0,
        revision: '18.1.2',
        kind: 'helm',
        chart: 'redis',
        detailsStatus: 'ok',
        details: { description: 'chart 18.1.2' },
      },
      {
        sourceIndex: 1,
        revision: SHA(3),
        kind: 'git',
        detailsStatus: 'ok',
        details: { message: 'change 3' },
      },
    ]);
    expect(
      prod.requests.some(
        r => r.path.endsWith('/metadata') && r.query.includes('sourceIndex=1'),
      ),
    ).toBe(true);
  });

  it('an entity without argocd annotations gets a clear empty state', async () => {
    const { status, body } = await call(
      '/entities/component/default/plain-service/applications',
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      entityRef: 'component:default/plain-service',
      annotated: false,
      instances: [],
      applications: [],
      emptyReason:
        'component:default/plain-service has none of the annotations argocd/app-name, argocd/app-selector, argocd/project-name',
    });
  });

  it('an app name that matches nothing says which annotation matched nothing where', async () => {
    const { status, body } = await call(
      '/entities/component/default/ghost-service/applications',
    );
    expect(status).toBe(200);
    expect(body.applications).toEqual([]);
    expect(body.emptyReason).toBe(
      'argocd/app-name "ghost" matched no application on Argo CD instance "prod", "staging"',
    );
  });

  it.each([
    [
      '/entities/component/default/nobody/applications',
      404,
      'No entity component:default/nobody in the catalog',
    ],
    [
      '/entities/component/default/broken-service/applications',
      400,
      "annotation argocd/app-name of component:default/broken-service: 'Bad_Name' is not a valid Argo CD application name",
    ],
    [
      '/entities/component/default/order-service/applications/prod/order-service/history?limit=0',
      400,
      'query limit must be an integer from 1 to 50',
    ],
    [
      '/entities/component/default/order-service/applications/prod/Order!/history',
      400,
      'Invalid path: app: must be an Argo CD application name',
    ],
    [
      '/entities/component/default/order-service/applications/prod/inventory-service/history',
      404,
      'Argo CD application "inventory-service" on instance "prod" does not belong to component:default/order-service',
    ],
    [
      '/entities/component/default/order-service/applications/unknown/order-service/resources',
      404,
      'does not belong to component:default/order-service',
    ],
  ])('GET %s → %i', async (path, status, message) => {
    const response = await call(path);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toContain(message);
  });

  it('history: newest first, bounded, with commit metadata; one failed lookup marks only its entry', async () => {
    prod.metadata.set(SHA(2), 'fail');
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/prod/order-service/history?limit=2',
    );
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.entries.map((e: any) => e.id)).toEqual([3, 2]);
    expect(body.entries[0].revisions[0]).toMatchObject({
      detailsStatus: 'ok',
      details: { message: 'change 3' },
    });
    expect(body.entries[1].revisions[0]).toMatchObject({
      detailsStatus: 'unavailable',
    });
    expect(body.entries[1].revisions[0].detailsError).toMatch(
      /^metadata unavailable: /,
    );
  });

  it('resources: only the OutOfSync or unhealthy ones', async () => {
    const { body } = await call(
      '/entities/component/default/order-service/applications/staging/order-service/resources',
    );
    expect(body).toMatchObject({
      syncStatus: 'OutOfSync',
      healthStatus: 'Progressing',
      totalResources: 2,
      resources: [
        {
          kind: 'Deployment',
          name: 'order-service',
          syncStatus: 'OutOfSync',
          healthStatus: 'Progressing',
        },
      ],
    });
  });

  it('sync by an owner: audited, authorized with the entity ref, sent to Argo CD with prune', async () => {
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/prod/order-service/sync',
      { method: 'POST', body: { prune: true } },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      action: 'sync',
      instance: 'prod',
      name: 'order-service',
      message: 'Sync of order-service started (with prune)',
      operation: { phase: 'Running' },
    });
    const sync = prod.requests.filter(
      r => r.method === 'POST' && r.path.endsWith('/sync'),
    );
    expect(sync).toHaveLength(1);
    expect(sync[0].body).toEqual({
      name: 'order-service',
      appNamespace: 'argocd',
      prune: true,
    });
    expect(permissions.calls).toContainEqual({
      permission: 'argocd.sync',
      resourceRef: 'component:default/order-service',
      user: OWNER,
    });
    expect(auditor.events.map(e => `${e.eventId}:${e.status}`)).toEqual([
      'application-sync:initiated',
      'application-sync:succeeded',
    ]);
  });

  it.each(['sync', 'refresh', 'rollback'])(
    '%s by a non-owner: 403, audited as failed, nothing sent to Argo CD',
    async action => {
      const before = prod.requests.length + staging.requests.length;
      const { status, body } = await call(
        `/entities/component/default/order-service/applications/prod/order-service/${action}`,
        {
          method: 'POST',
          user: STRANGER,
          body: action === 'rollback' ? { id: 2 } : {},
        },
      );
      expect(status).toBe(403);
      expect(body.error.message).toBe(
        `You may not ${action} the Argo CD applications of component:default/order-service`,
      );
      expect(prod.requests.length + staging.requests.length).toBe(before);
      expect(auditor.events.map(e => e.status)).toEqual([
        'initiated',
        'failed',
      ]);
    },
  );

  it("sync of an app that is not the entity's: 404, nothing synced", async () => {
    const { status } = await call(
      '/entities/component/default/order-service/applications/prod/inventory-service/sync',
      { method: 'POST', body: {} },
    );
    expect(status).toBe(404);
    expect(prod.count('POST', '/api/v1/applications')).toBe(0);
  });

  it.each([
    ['sync', { prune: 'yes' }, 'Invalid body: prune: '],
    ['sync', { force: true }, 'Invalid body: force: not allowed in the body'],
    ['rollback', {}, 'Invalid body: id: '],
    [
      'rollback',
      { id: 99 },
      'body id: 99 is not in the history of order-service (ids: 1, 2, 3)',
    ],
  ])(
    '%s with body %j → 400 naming the field',
    async (action, body, message) => {
      const response = await call(
        `/entities/component/default/order-service/applications/prod/order-service/${action}`,
        { method: 'POST', body },
      );
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
    },
  );

  it('rollback to a history entry', async () => {
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/prod/order-service/rollback',
      { method: 'POST', body: { id: 2 } },
    );
    expect(status).toBe(200);
    expect(body.message).toBe(
      'Rollback of order-service to history entry 2 started',
    );
    const rollback = prod.requests.find(r => r.path.endsWith('/rollback'));
    expect(rollback?.body).toEqual({
      name: 'order-service',
      appNamespace: 'argocd',
      id: 2,
      prune: false,
    });
  });

  it('refresh asks Argo CD with refresh=normal', async () => {
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/staging/order-service/refresh',
      { method: 'POST', body: {} },
    );
    expect(status).toBe(200);
    expect(body.message).toBe('Refreshed order-service: OutOfSync');
    expect(staging.requests.some(r => r.query.includes('refresh=normal'))).toBe(
      true,
    );
  });

  it("Argo CD refuses the sync (read-only token): 502 naming the instance and Argo CD's reason", async () => {
    staging.options.readOnlyTokens.add(STATIC_TOKEN);
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/staging/order-service/sync',
      { method: 'POST', body: {} },
    );
    expect(status).toBe(502);
    expect(body.error.message).toBe(
      'Argo CD instance "staging" refused the request (HTTP 403): permission denied: applications, sync, default/order-service, sub: backstage',
    );
    expect(body.instances[0]).toMatchObject({
      name: 'staging',
      ok: false,
      error: { reason: 'forbidden' },
    });
  });

  describe('with instance prod down', () => {
    beforeEach(async () => {
      await new Promise(done => server.close(done));
      const url = prod.url;
      await prod.close();
      await start({ prodUrl: url });
    });

    it("the other instance still answers; prod's error is labelled beside it", async () => {
      const { status, body } = await call(
        '/entities/component/default/order-service/applications',
      );
      expect(status).toBe(200);
      expect(body.applications.map((a: any) => a.instance)).toEqual([
        'staging',
      ]);
      expect(body.instances).toEqual([
        {
          name: 'prod',
          ok: false,
          error: {
            reason: 'unreachable',
            message: expect.stringMatching(
              /^Argo CD instance "prod" is unreachable at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/,
            ),
          },
        },
        { name: 'staging', ok: true },
      ]);
    });

    it('a request about prod only: 503 naming the instance and why', async () => {
      const { status, body } = await call(
        '/entities/component/default/order-service/applications/prod/order-service/history',
      );
      expect(status).toBe(503);
      expect(body.error.name).toBe('ServiceUnavailableError');
      expect(body.error.message).toMatch(
        /^Argo CD instance "prod" is unreachable at /,
      );
    });
  });

  it("all instances down: 503 with every instance's error", async () => {
    await prod.close();
    await staging.close();
    const { status, body } = await call(
      '/entities/component/default/order-service/applications',
    );
    expect(status).toBe(503);
    expect(body.instances.map((i: any) => [i.name, i.error.reason])).toEqual([
      ['prod', 'unreachable'],
      ['staging', 'unreachable'],
    ]);
    prod = await startFakeArgoCd();
    staging = await startFakeArgoCd();
  });

  it('credentials never appear in responses or logs', async () => {
    const responses = [
      await call('/entities/component/default/order-service/applications'),
      await call(
        '/entities/component/default/order-service/applications/prod/order-service/history',
      ),
      await call(
        '/entities/component/default/order-service/applications/prod/order-service/sync',
        { method: 'POST', body: {} },
      ),
    ];
    const sessionTokens = [...prod.tokens].filter(t => t !== STATIC_TOKEN);
    const all = [
      ...responses.map(r => r.text),
      ...logger.lines,
      JSON.stringify(auditor.events),
    ].join('\n');
    for (const secret of [ADMIN_PASSWORD, STATIC_TOKEN, ...sessionTokens]) {
      expect(all).not.toContain(secret);
    }
  });
});
