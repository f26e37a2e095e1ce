import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultAuthStrategies } from './ClusterConnection';
import {
  KubernetesHttpClient,
  KubernetesRequestError,
} from './KubernetesHttpClient';

// A plain HTTP stand-in for an apiserver, for error paths only;
// the real apiserver is exercised by the rollouts-backend integration tests.
function listServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const server = http.createServer({ keepAlive: true }, handler);
  return new Promise<{ url: string; close: () => Promise<void> }>(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise(done => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

const client = (url: string) =>
  KubernetesHttpClient.create(
    {
      name: 'local',
      url,
      authMetadata: { 'kubernetes.io/auth-provider': 'anonymous' },
    },
    defaultAuthStrategies,
  );

describe('KubernetesHttpClient.request', () => {
  it('names the cluster, the request and the status of an error answer', async () => {
    const server = await listServer((_req, res) => {
      res.statusCode = 403;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          kind: 'Status',
          reason: 'Forbidden',
          message:
            'pods is forbidden: User "portal" cannot list resource "pods"',
        }),
      );
    });
    try {
      const error = await (await client(server.url))
        .request('GET', '/api/v1/pods')
        .catch(e => e);
      expect(error).toBeInstanceOf(KubernetesRequestError);
      expect(error.statusCode).toBe(403);
      expect(error.reason).toBe('Forbidden');
      expect(error.message).toBe(
        'GET /api/v1/pods on cluster local failed with 403: pods is forbidden: User "portal" cannot list resource "pods"',
      );
    } finally {
      await server.close();
    }
  });

  it('says the cluster cannot be reached when nothing listens', async () => {
    const server = await listServer(() => {});
    const url = server.url;
    await server.close();
    const error = await (await client(url))
      .request('GET', '/api/v1/pods')
      .catch(e => e);
    expect(error).toBeInstanceOf(KubernetesRequestError);
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toBe(
      'cannot reach cluster local: connection refused',
    );
  });

  it('fails a request whose answer breaks off midway instead of hanging', async () => {
    const server = await listServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-length', '100000');
      res.write('{"kind":"PodList","items":[');
      setTimeout(() => res.destroy(), 20);
    });
    try {
      const error = await (await client(server.url))
        .request('GET', '/api/v1/pods')
        .catch(e => e);
      expect(error).toBeInstanceOf(KubernetesRequestError);
      expect(error.statusCode).toBeUndefined();
      expect(error.message).toMatch(/^local: /);
    } finally {
      await server.close();
    }
  });
});
