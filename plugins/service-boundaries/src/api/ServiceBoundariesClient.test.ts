import { ResponseError } from '@backstage/errors';
import { ServiceBoundariesClient } from './ServiceBoundariesClient';

function clientAnswering(response: Response) {
  const fetch = jest.fn().mockResolvedValue(response);
  const client = new ServiceBoundariesClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://portal/api/${id}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('ServiceBoundariesClient', () => {
  it('asks the backend who owns an identifier', async () => {
    const { client, fetch } = clientAnswering(
      new Response(JSON.stringify({ status: 'none' }), { status: 200 }),
    );
    await expect(
      client.whoOwns('cluster.local/ns/supply-chain/sa/order-service-sa'),
    ).resolves.toEqual({ status: 'none' });
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/service-boundaries/owners?q=cluster.local%2Fns%2Fsupply-chain%2Fsa%2Forder-service-sa',
    );
  });

  it('posts a batch', async () => {
    const { client, fetch } = clientAnswering(
      new Response(JSON.stringify({ answers: [] }), { status: 200 }),
    );
    await client.whoOwnsBatch(['a', 'b']);
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/service-boundaries/owners/batch',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ identifiers: ['a', 'b'] }),
      }),
    );
  });

  it('throws a ResponseError carrying the backend message', async () => {
    const { client } = clientAnswering(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: 'No entity component:default/nope in the catalog',
          },
          response: { statusCode: 404 },
        }),
        { status: 404, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const error = await client
      .getBoundary('component:default/nope')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(404);
    expect(error.body.error.message).toBe(
      'No entity component:default/nope in the catalog',
    );
  });
});
