/*
 * `kubernetes.clusterLocatorMethods: [{ type: catalog }]` against the sandbox's real
 * apiserver: the cluster comes from a `kind: Resource, spec.type: kubernetes-cluster`
 * entity (api-server URL and CA from its annotations, like the official plugin),
 * and the entity endpoint answers from the watch cache of that cluster. The
 * `serviceAccount` provider of a catalog cluster uses the token mounted into the
 * portal's pod; here the pod is this test, so that token is the sandbox's portal token.
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
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { rolloutsPlugin } from './plugin';

jest.setTimeout(300_000);

it('watches a cluster found in the catalog and answers for an entity from it', async () => {
  const sb = await ensureSandbox();
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
                'kubernetes.io/api-server': sb.server,
                'kubernetes.io/api-server-certificate-authority': readFileSync(
                  sb.caFile,
                ).toString('base64'),
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
          kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
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
});
