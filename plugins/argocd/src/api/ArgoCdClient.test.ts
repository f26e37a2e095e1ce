import { ArgoCdClient } from './ArgoCdClient';

const entity = {
  kind: 'Component',
  namespace: 'default',
  name: 'order-service',
};
const app = {
  instance: 'sandbox',
  name: 'order-service',
  appNamespace: 'argocd',
};

function client(response: { status: number; body: unknown }) {
  const fetch = jest.fn().mockResolvedValue(
    new Response(JSON.stringify(response.body), {
      status: response.status,
      statusText: response.status === 200 ? 'OK' : 'Service Unavailable',
      headers: { 'content-type': 'application/json' },
    }),
  );
  return {
    fetch,
    client: new ArgoCdClient({
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: { fetch },
    }),
  };
}

describe('ArgoCdClient', () => {
  it.each([
    [
      'getApplications',
      (c: ArgoCdClient) => c.getApplications(entity),
      'GET',
      '/entities/component/default/order-service/applications',
      undefined,
    ],
    [
      'getHistory',
      (c: ArgoCdClient) => c.getHistory(entity, app, { limit: 5 }),
      'GET',
      '/entities/component/default/order-service/applications/sandbox/order-service/history?appNamespace=argocd&limit=5',
      undefined,
    ],
    [
      'getResources',
      (c: ArgoCdClient) => c.getResources(entity, app),
      'GET',
      '/entities/component/default/order-service/applications/sandbox/order-service/resources?appNamespace=argocd',
      undefined,
    ],
    [
      'sync',
      (c: ArgoCdClient) => c.sync(entity, app, { prune: true }),
      'POST',
      '/entities/component/default/order-service/applications/sandbox/order-service/sync?appNamespace=argocd',
      '{"prune":true}',
    ],
    [
      'refresh',
      (c: ArgoCdClient) => c.refresh(entity, app),
      'POST',
      '/entities/component/default/order-service/applications/sandbox/order-service/refresh?appNamespace=argocd',
      '{}',
    ],
    [
      'rollback',
      (c: ArgoCdClient) => c.rollback(entity, app, { id: 3 }),
      'POST',
      '/entities/component/default/order-service/applications/sandbox/order-service/rollback?appNamespace=argocd',
      '{"id":3,"prune":false}',
    ],
  ])('%s calls %s %s', async (_, run, method, path, body) => {
    const { client: c, fetch } = client({ status: 200, body: {} });
    await run(c);
    expect(fetch).toHaveBeenCalledWith(
      `http://backend/api/argocd${path}`,
      expect.objectContaining({ method, body }),
    );
  });

  it('a failed request throws a ResponseError carrying the per-instance errors', async () => {
    const { client: c } = client({
      status: 503,
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message: 'Argo CD instance "sandbox" is unreachable',
        },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: 503 },
        instances: [
          {
            name: 'sandbox',
            ok: false,
            error: { reason: 'unreachable', message: 'down' },
          },
        ],
      },
    });
    const error: any = await c.getApplications(entity).catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(503);
    expect(error.body.error.message).toBe(
      'Argo CD instance "sandbox" is unreachable',
    );
    expect(error.body.instances[0].error.reason).toBe('unreachable');
  });
});
