import { ResponseError } from '@backstage/errors';
import { CapacityClient } from './CapacityClient';

function client(response: Partial<Response>) {
  const fetch = jest.fn().mockResolvedValue(response);
  const capacity = new CapacityClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: { fetch },
  });
  return { capacity, fetch };
}

describe('CapacityClient', () => {
  it('asks the capacity backend for the entity, its ref encoded', async () => {
    const body = {
      entityRef: 'component:default/ml-prediction-service',
      clusters: [],
    };
    const { capacity, fetch } = client({ ok: true, json: async () => body });

    await expect(
      capacity.getEntitySizing('component:default/ml-prediction-service'),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/capacity/entity?entityRef=component%3Adefault%2Fml-prediction-service',
    );
  });

  it('asks the capacity backend for the services', async () => {
    const body = { services: [], clusters: [] };
    const { capacity, fetch } = client({ ok: true, json: async () => body });
    await expect(capacity.getServicesCapacity()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/capacity/services',
    );
  });

  it('asks the capacity backend for the node groups', async () => {
    const body = { currency: 'USD', clusters: [] };
    const { capacity, fetch } = client({ ok: true, json: async () => body });
    await expect(capacity.getNodeGroups()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/capacity/node-groups',
    );
  });

  it('throws a ResponseError carrying the status when the backend refuses', async () => {
    const { capacity } = client({
      ok: false,
      status: 400,
      statusText: 'Bad Request',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: { name: 'InputError', message: 'entityRef is required' },
          response: { statusCode: 400 },
        }),
    });

    const error = await capacity.getEntitySizing('x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe('entityRef is required');
  });
});
