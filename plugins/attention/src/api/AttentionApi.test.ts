import { ResponseError } from '@backstage/errors';
import { AttentionClient } from './AttentionApi';

function jsonResponse(status: number, body: unknown) {
  return {
    ok: status < 400,
    status,
    statusText: status < 400 ? 'OK' : 'Service Unavailable',
    headers: {
      get: (h: string) =>
        h.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    json: async () => body,
    text: async () => JSON.stringify(body),
  };
}

function setup(status: number, body: unknown) {
  const fetch = jest.fn().mockResolvedValue(jsonResponse(status, body));
  const client = new AttentionClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('AttentionClient', () => {
  it('reads the problems from the attention backend', async () => {
    const body = { problems: [], sources: [], evaluatedAt: undefined };
    const { client, fetch } = setup(200, body);
    await expect(client.getProblems()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/attention/problems',
    );
  });

  it("reads the user's services from the attention backend", async () => {
    const body = { services: [], argoCdListedAt: '2026-12-03T08:00:00.000Z' };
    const { client, fetch } = setup(200, body);
    await expect(client.getServices()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/attention/services',
    );
  });

  it("throws the backend's error as a ResponseError", async () => {
    const { client } = setup(503, {
      error: { name: 'ServiceUnavailableError', message: 'not evaluated yet' },
      response: { statusCode: 503 },
    });
    const error = await client.getProblems().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(503);
    expect(error.cause.message).toBe('not evaluated yet');
  });
});
