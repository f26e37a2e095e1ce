/*
 * `kubernetes.clusterLocatorMethods: [{ type: catalog }]` against the sandbox's real
 * apiserver: the cluster comes from a `kind: Resource, spec.type: kubernetes-cluster`
 * entity (api-server URL from its annotations, like the official plugin), and the
 * entity endpoint answers from the watch cache of that cluster. A catalog cluster
 * never gets a credential of the portal (docs/SECURITY.md), so it is reached the
 * way such clusters are: through a `kubectl proxy` (holding its own credential) on
 * an allow-listed host, with the `anonymous` provider. A second entity asking for
 * `serviceAccount` (the portal's mounted token) is refused and never contacted.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  DefaultRolloutsClusterCache,
  defaultAuthStrategies,
  rolloutsClusterCacheServiceRef,
} from '@supply-chain/plugin-rollouts-node';
import { ensureSandbox } from '@supply-chain/sandbox-harness';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { rolloutsPlugin } from './plugin';

jest.setTimeout(300_000);

it('watches a cluster found in the catalog and answers for an entity from it', async () => {
  const sb = await ensureSandbox();
  const proxy = spawn(
    join(sb.stateDir, 'bin', 'kubectl'),
    [
      '--kubeconfig',
      sb.portalKubeconfigPath,
      'proxy',
      '--port=0',
      '--address=127.0.0.1',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const proxyUrl = await new Promise<string>((done, fail) => {
    proxy.stdout!.on('data', chunk => {
      const m = /Starting to serve on (127\.0\.0\.1:\d+)/.exec(String(chunk));
      if (m) done(`http://${m[1]}`);
    });
    proxy.on('exit', code => fail(new Error(`kubectl proxy exited ${code}`)));
  });
  // would receive the mounted token if a catalog cluster could ask for it
  const seen: Array<string | undefined> = [];
  const trap = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.end('{}');
  });
  await new Promise<void>(r => trap.listen(0, '127.0.0.1', r));
  const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  const mountedToken: AuthenticationStrategy = {
    getCredential: async () => ({
      type: 'bearer token',
      token: sb.portalToken,
    }),
    validateCluster: () => [],
    presentAuthMetadata: () => ({}),
  };
  const { server } = await startTestBackend({
    features: [
      rolloutsPlugin,
      createServiceFactory({
        service: rolloutsClusterCacheServiceRef,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
          lifecycle: coreServices.rootLifecycle,
        },
        async factory({ config, logger, lifecycle }) {
          const cache = await DefaultRolloutsClusterCache.create({
            config,
            logger,
            authStrategies: {
              ...defaultAuthStrategies,
              serviceAccount: mountedToken,
            },
          });
          lifecycle.addShutdownHook(() => cache.stop());
          return cache;
        },
      }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'catalog-sandbox',
              namespace: 'default',
              annotations: {
                'kubernetes.io/api-server': proxyUrl,
                'kubernetes.io/auth-provider': 'anonymous',
              },
            },
            spec: { type: 'kubernetes-cluster', owner: 'platform-team' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'token-trap',
              namespace: 'default',
              annotations: {
                'kubernetes.io/api-server': trapUrl,
                'kubernetes.io/auth-provider': 'serviceAccount',
              },
            },
            spec: { type: 'kubernetes-cluster', owner: 'platform-team' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'inventory-service',
              namespace: 'default',
              annotations: {
                'backstage.io/kubernetes-id': 'inventory-service',
              },
            },
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'group:default/inventory-team',
            },
          },
        ],
      }),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
            ],
          },
        },
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async () => {} }),
      }),
    ],
  });

  const deadline = Date.now() + 120_000;
  let body: any;
  for (;;) {
    body = (
      await request(server).get(
        '/api/rollouts/entity/component/default/inventory-service/rollouts',
      )
    ).body;
    const cluster = body.clusters?.find(
      (c: any) => c.name === 'catalog-sandbox',
    );
    if (cluster?.status === 'synced' && cluster.deployments.length) break;
    if (Date.now() > deadline)
      throw new Error(
        `catalog cluster not synced: ${JSON.stringify(body).slice(0, 1500)}`,
      );
    await new Promise(r => setTimeout(r, 500));
  }
  expect(body.clusters.map((c: any) => c.name)).toEqual(['catalog-sandbox']);
  expect(body.clusters[0].deployments).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        cluster: 'catalog-sandbox',
        namespace: 'supply-chain',
        name: 'inventory-service',
      }),
    ]),
  );
  const clusters = await request(server).get('/api/rollouts/clusters');
  expect(clusters.body.clusters).toEqual([
    expect.objectContaining({ name: 'catalog-sandbox', status: 'synced' }),
  ]);
  expect(seen).toEqual([]);
  proxy.kill();
  trap.close();
});
