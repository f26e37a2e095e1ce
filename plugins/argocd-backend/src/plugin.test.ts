import { createSpecializedBackend } from '@backstage/backend-app-api';
import {
  coreServices,
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import express from 'express';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  FakeArgoCd,
  STATIC_TOKEN,
  makeApp,
  startFakeArgoCd,
  recordingLogger,
} from '@supply-chain/plugin-argocd-node/testUtils';
import {
  component,
  fakeCatalog,
  fakeHttpAuth,
  fakePermissions,
  recordingAuditor,
} from './__fixtures__/testServices';
import { argocdPlugin } from './plugin';

describe('argocdPlugin', () => {
  let fake: FakeArgoCd;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise(done => (server ? server.close(done) : done(undefined)));
    await fake.close();
  });

  it('registers its permissions and serves the entity route from its config', async () => {
    fake = await startFakeArgoCd();
    fake.apps.set('order-service', makeApp('order-service'));
    const added: string[] = [];
    const app = express();
    const factories: ServiceFactory[] = [
      rootLifecycleServiceFactory,
      lifecycleServiceFactory,
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => recordingLogger() as any,
      }),
      createServiceFactory({
        service: coreServices.rootConfig,
        deps: {},
        factory: () =>
          new ConfigReader({
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [
                    { name: 'sandbox', url: fake.url, token: STATIC_TOKEN },
                  ],
                },
              ],
            },
          }),
      }),
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => recordingLogger(),
      }),
      createServiceFactory({
        service: coreServices.httpAuth,
        deps: {},
        factory: () => fakeHttpAuth(),
      }),
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => fakePermissions([]),
      }),
      createServiceFactory({
        service: coreServices.auth,
        deps: {},
        factory: () => ({ getOwnServiceCredentials: async () => ({}) } as any),
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => recordingAuditor(),
      }),
      createServiceFactory({
        service: coreServices.permissionsRegistry,
        deps: {},
        factory: () =>
          ({
            addPermissions: (ps: Array<{ name: string }>) =>
              added.push(...ps.map(p => p.name)),
            addPermissionRules: () => {},
            addResourceType: () => {},
            getPermissionRuleset: () => {
              throw new Error('not used');
            },
          } as any),
      }),
      createServiceFactory({
        service: coreServices.httpRouter,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) =>
          ({
            use: (handler: express.Handler) =>
              app.use(`/api/${plugin.getId()}`, handler),
            addAuthPolicy: () => {},
          } as any),
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () =>
          fakeCatalog([
            component('order-service', { 'argocd/app-name': 'order-service' }),
          ]),
      }),
    ];
    const backend = createSpecializedBackend({
      defaultServiceFactories: factories,
    });
    backend.add(argocdPlugin);
    await backend.start();
    server = await new Promise<Server>(done => {
      const s = app.listen(0, '127.0.0.1', () => done(s));
    });
    const port = (server.address() as AddressInfo).port;

    expect(added).toEqual([
      'argocd.read',
      'argocd.sync',
      'argocd.refresh',
      'argocd.rollback',
    ]);
    const response = await fetch(
      `http://127.0.0.1:${port}/api/argocd/entities/component/default/order-service/applications`,
      { headers: { authorization: 'Bearer user:default/olivia' } },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(
      body.applications.map(
        (a: any) => `${a.name} ${a.syncStatus}/${a.healthStatus}`,
      ),
    ).toEqual(['order-service Synced/Healthy']);
    await backend.stop();
  });
});
