import { InputError, NotAllowedError } from '@backstage/errors';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  KubernetesApiError,
  KubernetesApplyClient,
} from './KubernetesApplyClient';

type Seen = { method?: string; url?: string; type?: string; body: string };

// A plain HTTP stand-in for an apiserver: discovery of apps/v1 and v1, and a
// handler per test for everything else. The real apiserver is exercised by
// the scaffolder module's integration tests.
async function fakeApiserver(
  handler: (seen: Seen, res: http.ServerResponse) => void,
  discovery: Record<string, number> = { '/apis/apps/v1': 200, '/api/v1': 200 },
) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        body,
      };
      seen.push(s);
      const status = discovery[req.url ?? ''];
      if (status !== undefined) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status === 200
              ? {
                  resources:
                    req.url === '/api/v1'
                      ? [
                          { name: 'namespaces', kind: 'Namespace' },
                          {
                            name: 'services',
                            kind: 'Service',
                            namespaced: true,
                          },
                        ]
                      : [
                          {
                            name: 'deployments',
                            kind: 'Deployment',
                            namespaced: true,
                          },
                          {
                            name: 'deployments/scale',
                            kind: 'Scale',
                            namespaced: true,
                          },
                        ],
                }
              : { kind: 'Status', message: 'forbidden: discovery' },
          ),
        );
        return;
      }
      handler(s, res);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const client = KubernetesApplyClient.create({
    name: 'local',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authMetadata: { 'kubernetes.io/auth-provider': 'anonymous' },
  });
  return {
    client,
    seen,
    close: () =>
      new Promise<void>(done => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'orders' },
  spec: { replicas: 2 },
};

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('KubernetesApplyClient', () => {
  it('applies server-side at the path discovery names, as a strict dry run when asked', async () => {
    const api = await fakeApiserver((s, res) =>
      json(res, 200, JSON.parse(s.body)),
    );
    try {
      const answer = await api.client.apply(deployment, {
        fieldManager: 'supply-chain',
        force: true,
        dryRun: true,
        defaultNamespace: 'shop',
      });
      expect(answer.metadata).toEqual({ name: 'orders', namespace: 'shop' });
      const patch = api.seen.find(s => s.method === 'PATCH')!;
      expect(patch.url).toBe(
        '/apis/apps/v1/namespaces/shop/deployments/orders?fieldManager=supply-chain&force=true&dryRun=All&fieldValidation=Strict',
      );
      expect(patch.type).toBe('application/apply-patch+yaml');

      // a cluster-scoped kind has no namespace in its path or body; discovery
      // of an apiVersion is asked once
      await api.client.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        { fieldManager: 'supply-chain', force: false, dryRun: false },
      );
      const second = api.seen.filter(s => s.method === 'PATCH')[1];
      expect(second.url).toBe(
        '/api/v1/namespaces/shop?fieldManager=supply-chain&fieldValidation=Strict',
      );
      expect(JSON.parse(second.body).metadata.namespace).toBeUndefined();
      await api.client.apply(
        { ...deployment, metadata: { name: 'b', namespace: 'shop' } },
        { fieldManager: 'supply-chain', force: false, dryRun: true },
      );
      expect(api.seen.filter(s => s.url === '/apis/apps/v1')).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('names the object when the cluster does not serve its kind or it has no namespace', async () => {
    const api = await fakeApiserver(() => {}, {
      '/apis/apps/v1': 200,
      '/api/v1': 200,
      '/apis/autoscaling.k8s.io/v1': 404,
    });
    try {
      const vpa = {
        apiVersion: 'autoscaling.k8s.io/v1',
        kind: 'VerticalPodAutoscaler',
        metadata: { name: 'orders', namespace: 'shop' },
      };
      const options = { fieldManager: 'm', force: false, dryRun: true };
      await expect(api.client.apply(vpa, options)).rejects.toThrow(
        new InputError(
          'VerticalPodAutoscaler orders: the cluster local does not serve autoscaling.k8s.io/v1 VerticalPodAutoscaler (CRD not installed?)',
        ),
      );
      await expect(api.client.get(vpa)).resolves.toBeUndefined();
      await expect(api.client.apply(deployment, options)).rejects.toThrow(
        'Deployment orders: namespace missing',
      );
    } finally {
      await api.close();
    }
  });

  it("reports the apiserver's refusal with its status, reason and message", async () => {
    const api = await fakeApiserver((s, res) =>
      s.method === 'GET'
        ? json(res, 404, { kind: 'Status', reason: 'NotFound' })
        : json(res, 422, {
            kind: 'Status',
            reason: 'Invalid',
            message: 'spec.replicas: Invalid value: -1',
          }),
    );
    try {
      const object = {
        ...deployment,
        metadata: { name: 'orders', namespace: 'shop' },
      };
      await expect(api.client.get(object)).resolves.toBeUndefined();
      const error = await api.client
        .apply(object, { fieldManager: 'm', force: false, dryRun: true })
        .catch(e => e);
      expect(error).toBeInstanceOf(KubernetesApiError);
      expect(error).toMatchObject({
        statusCode: 422,
        reason: 'Invalid',
        message: 'Deployment orders: spec.replicas: Invalid value: -1',
      });
    } finally {
      await api.close();
    }
  });

  it('a refused discovery is NotAllowedError naming the cluster', async () => {
    const api = await fakeApiserver(() => {}, { '/apis/apps/v1': 403 });
    try {
      const error = await api.client
        .apply(
          { ...deployment, metadata: { name: 'o', namespace: 'shop' } },
          { fieldManager: 'm', force: false, dryRun: true },
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        'cluster local refused discovery of apps/v1: forbidden: discovery',
      );
    } finally {
      await api.close();
    }
  });
});
