import { ResponseError } from '@backstage/errors';
import { RolloutsClient } from './RolloutsClient';

const entity = {
  kind: 'Component',
  namespace: 'default',
  name: 'inventory-service',
};
const target = {
  cluster: 'sandbox',
  namespace: 'supply-chain',
  name: 'inventory-service',
};

function jsonResponse(status: number, body: unknown) {
  return {
    ok: status < 400,
    status,
    statusText: status < 400 ? 'OK' : 'Conflict',
    headers: {
      get: (h: string) =>
        h.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    json: async () => body,
    text: async () => JSON.stringify(body),
  };
}

function setup(status = 200, body: unknown = {}) {
  const fetch = jest.fn().mockResolvedValue(jsonResponse(status, body));
  const client = new RolloutsClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('RolloutsClient', () => {
  it('reads the rollouts of an entity', async () => {
    const { client, fetch } = setup(200, { clusters: [] });
    await expect(client.getEntityRollouts(entity)).resolves.toEqual({
      clusters: [],
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/rollouts/entity/Component/default/inventory-service/rollouts',
    );
  });

  it('reads one Deployment, MLModels and clusters', async () => {
    const { client, fetch } = setup(200, {});
    await client.getDeploymentRollout(entity, target);
    await client.getEntityMLModels(entity);
    await client.getMLModels();
    await client.getClusters();
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      'http://localhost:7007/api/rollouts/entity/Component/default/inventory-service/deployments/sandbox/supply-chain/inventory-service',
      'http://localhost:7007/api/rollouts/entity/Component/default/inventory-service/mlmodels',
      'http://localhost:7007/api/rollouts/mlmodels',
      'http://localhost:7007/api/rollouts/clusters',
    ]);
  });

  it.each([
    [{ type: 'restart' } as const, 'restart', {}],
    [{ type: 'pause' } as const, 'pause', {}],
    [{ type: 'resume' } as const, 'resume', {}],
    [{ type: 'undo', toRevision: 3 } as const, 'undo', { toRevision: 3 }],
    [{ type: 'scale', replicas: 5 } as const, 'scale', { replicas: 5 }],
  ])('posts %j to actions/%s', async (action, path, extra) => {
    const { client, fetch } = setup(200, { message: 'ok' });
    await client.runAction(entity, target, action);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      `http://localhost:7007/api/rollouts/entity/Component/default/inventory-service/actions/${path}`,
    );
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ ...target, ...extra });
  });

  it('throws a ResponseError carrying the server message', async () => {
    const { client } = setup(409, {
      error: { name: 'ConflictError', message: 'HPA owns replicas' },
      request: { method: 'POST', url: '/x' },
      response: { statusCode: 409 },
    });
    const error = await client
      .runAction(entity, target, { type: 'scale', replicas: 2 })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('HPA owns replicas');
  });
});
