import { ConfigReader } from '@backstage/config';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { RolloutActionsClient } from './RolloutActionsClient';

/** a plain-HTTP apiserver stand-in that records the Authorization header */
async function recordingServer() {
  const seen: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    res.end('{"kind":"Deployment"}');
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, url, close: () => server.close() };
}

const config = (
  url: string,
  actions: Array<{ name: string; serviceAccountToken: string }> | undefined,
) =>
  new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'sandbox',
              url,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'read-only-token',
            },
            { name: 'edge', url, authProvider: 'serviceAccount' },
          ],
        },
      ],
    },
    ...(actions ? { rollouts: { actions: { clusters: actions } } } : {}),
  });

describe('RolloutActionsClient', () => {
  it('acts with the actions’ own token, never the read-only token of the shared cluster block', async () => {
    const api = await recordingServer();
    try {
      const client = RolloutActionsClient.fromConfig(
        config(api.url, [
          { name: 'sandbox', serviceAccountToken: 'write-token' },
        ]),
      );
      expect(client.clusterNames()).toEqual(['sandbox']);
      await client.request(
        'sandbox',
        'GET',
        '/apis/apps/v1/namespaces/x/deployments/y',
      );
      expect(api.seen).toEqual(['Bearer write-token']);
    } finally {
      api.close();
    }
  });

  it('refuses every action on a cluster without a configured write credential (a fresh install), sending nothing', async () => {
    const api = await recordingServer();
    try {
      const client = RolloutActionsClient.fromConfig(
        config(api.url, undefined),
      );
      expect(client.clusterNames()).toEqual([]);
      await expect(
        client.request(
          'edge',
          'PATCH',
          '/apis/apps/v1/namespaces/x/deployments/y',
          {},
        ),
      ).rejects.toThrow(
        'cluster edge has no write credential for the rollout actions (rollouts.actions.clusters); the portal does not change it',
      );
      expect(api.seen).toEqual([]);
    } finally {
      api.close();
    }
  });

  it('names a credential for a cluster that is not in the cluster block', () => {
    expect(() =>
      RolloutActionsClient.fromConfig(
        config('http://127.0.0.1:1', [
          { name: 'prod', serviceAccountToken: 't' },
        ]),
      ),
    ).toThrow(
      "rollouts.actions.clusters: cluster 'prod' is not a type: config cluster of kubernetes.clusterLocatorMethods",
    );
  });
});
