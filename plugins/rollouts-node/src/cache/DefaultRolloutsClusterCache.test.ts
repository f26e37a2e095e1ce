import { mockServices } from '@backstage/backend-test-utils';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterCacheChange } from '../types';
import { DefaultRolloutsClusterCache } from './DefaultRolloutsClusterCache';

/** A tiny fake apiserver: lists from `objects`, streams pushed watch events, discovery by `groups`. */
class FakeApiserver {
  readonly objects = new Map<string, any[]>();
  readonly groups = new Set<string>();
  readonly watches = new Map<string, http.ServerResponse[]>();
  readonly requests: string[] = [];
  rv = 100;
  goneOnNextWatch = false;
  private server?: http.Server;
  port = 0;

  async start(port = 0) {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      this.requests.push(
        `${req.method} ${url.pathname}${
          url.searchParams.get('watch') ? ' watch' : ''
        }`,
      );
      const groupMatch = /^\/apis\/([^/]+)$/.exec(url.pathname);
      if (groupMatch) {
        if (!this.groups.has(groupMatch[1])) {
          res.writeHead(404).end(
            JSON.stringify({
              kind: 'Status',
              code: 404,
              message: 'not found',
            }),
          );
        } else
          res.end(
            JSON.stringify({
              versions: [{ version: 'v1' }, { version: 'v1beta1' }],
            }),
          );
        return;
      }
      if (url.searchParams.get('watch')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (this.goneOnNextWatch) {
          this.goneOnNextWatch = false;
          res.end(
            `${JSON.stringify({
              type: 'ERROR',
              object: {
                kind: 'Status',
                code: 410,
                message: 'too old resource version',
              },
            })}\n`,
          );
          return;
        }
        const list = this.watches.get(url.pathname) ?? [];
        list.push(res);
        this.watches.set(url.pathname, list);
        return;
      }
      res.end(
        JSON.stringify({
          metadata: { resourceVersion: String(this.rv) },
          items: this.objects.get(url.pathname) ?? [],
        }),
      );
    });
    await new Promise<void>(done =>
      this.server!.listen(port, '127.0.0.1', () => done()),
    );
    this.port = (this.server!.address() as AddressInfo).port;
  }

  push(path: string, type: string, object: any) {
    for (const res of this.watches.get(path) ?? [])
      res.write(`${JSON.stringify({ type, object })}\n`);
  }

  async stop() {
    for (const list of this.watches.values())
      for (const res of list) res.destroy();
    this.watches.clear();
    this.server?.closeAllConnections();
    await new Promise(done => this.server?.close(done));
  }
}

const deployment = (name: string, rv: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name,
    namespace: 'supply-chain',
    resourceVersion: rv,
    labels: { 'backstage.io/kubernetes-id': name },
    managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }],
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}',
      keep: 'me',
    },
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        serviceAccountName: `${name}-sa`,
        automountServiceAccountToken: false,
        containers: [
          {
            name,
            image: `${name}:1`,
            env: [{ name: 'SECRET', value: 'x' }],
            resources: { limits: { cpu: '1' } },
          },
        ],
      },
    },
  },
  status: { observedGeneration: 1, replicas: 2 },
});

async function eventually(check: () => void, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 20));
    }
  }
}

describe('DefaultRolloutsClusterCache', () => {
  let api: FakeApiserver;
  let cache: DefaultRolloutsClusterCache;

  beforeEach(async () => {
    api = new FakeApiserver();
    api.objects.set('/apis/apps/v1/deployments', [
      deployment('inventory-service', '90'),
    ]);
    await api.start();
  });
  afterEach(async () => {
    cache?.stop();
    await api.stop();
  });

  async function createCache() {
    cache = await DefaultRolloutsClusterCache.create({
      logger: mockServices.logger.mock(),
      config: mockServices.rootConfig({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'local',
                    url: `http://127.0.0.1:${api.port}`,
                    authProvider: 'localKubectlProxy',
                  },
                ],
              },
            ],
          },
          rollouts: { maxBackoffMs: 200 },
        },
      }),
    });
    await cache.waitForSync(5000);
    return cache;
  }

  it('lists once per kind, then follows the watch; keeps only slim objects', async () => {
    await createCache();
    const changes: ClusterCacheChange[] = [];
    cache.subscribe(c => changes.push(c));
    expect(cache.listClusters()[0]).toMatchObject({
      name: 'local',
      status: 'synced',
    });
    const [stored] = cache.listDeployments('local');
    expect(stored.metadata).not.toHaveProperty('managedFields');
    expect(stored.metadata.annotations).toEqual({ keep: 'me' });
    expect(stored.spec.template.spec).toEqual({
      serviceAccountName: 'inventory-service-sa',
      // env dropped; resources kept (capacity reads them)
      containers: [
        {
          name: 'inventory-service',
          image: 'inventory-service:1',
          resources: { limits: { cpu: '1' } },
        },
      ],
    });
    expect(
      api.requests.filter(r => r === 'GET /apis/apps/v1/deployments'),
    ).toHaveLength(1);

    api.push(
      '/apis/apps/v1/deployments',
      'ADDED',
      deployment('order-service', '101'),
    );
    await eventually(() =>
      expect(
        cache.listDeployments('local').map(d => d.metadata.name),
      ).toContain('order-service'),
    );
    expect(
      cache.listDeployments('local', {
        labelSelector: {
          matchLabels: { 'backstage.io/kubernetes-id': 'order-service' },
        },
      }),
    ).toHaveLength(1);
    api.push(
      '/apis/apps/v1/deployments',
      'DELETED',
      deployment('inventory-service', '102'),
    );
    await eventually(() =>
      expect(cache.listDeployments('local').map(d => d.metadata.name)).toEqual([
        'order-service',
      ]),
    );
    expect(
      changes.map(
        c => `${c.type}:${'object' in c ? c.object.metadata.name : ''}`,
      ),
    ).toEqual(['ADDED:order-service', 'DELETED:inventory-service']);
  });

  it('watches Istio and MLModel kinds only when the cluster serves their group', async () => {
    api.groups.add('ml.supplychain.io');
    await createCache();
    await eventually(() =>
      expect(cache.isWatching('local', 'MLModel')).toBe(true),
    );
    expect(cache.isWatching('local', 'VirtualService')).toBe(false);
    expect(cache.isWatching('local', 'Deployment')).toBe(true);
  });

  it('lists again after 410 Gone', async () => {
    await createCache();
    api.objects.set('/apis/apps/v1/deployments', [
      deployment('shipping-service', '200'),
    ]);
    api.goneOnNextWatch = true;
    for (const res of api.watches.get('/apis/apps/v1/deployments') ?? [])
      res.end();
    await eventually(() =>
      expect(cache.listDeployments('local').map(d => d.metadata.name)).toEqual([
        'shipping-service',
      ]),
    );
    expect(
      api.requests.filter(r => r === 'GET /apis/apps/v1/deployments').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('turns unreachable when the apiserver goes away and recovers when it is back', async () => {
    await createCache();
    const port = api.port;
    await api.stop();
    await eventually(() =>
      expect(cache.getClusterHealth('local')).toMatchObject({
        status: 'unreachable',
        error: expect.stringMatching(
          /cannot reach cluster local: connection refused/,
        ),
      }),
    );
    const since = cache.getClusterHealth('local')!.since;
    // last known objects stay readable while the cluster is away
    expect(cache.listDeployments('local')).toHaveLength(1);
    api = new FakeApiserver();
    api.objects.set('/apis/apps/v1/deployments', [
      deployment('inventory-service', '90'),
    ]);
    await api.start(port);
    await eventually(
      () => expect(cache.getClusterHealth('local')?.status).toBe('synced'),
      8000,
    );
    expect(cache.getClusterHealth('local')!.since >= since).toBe(true);
  });
});
