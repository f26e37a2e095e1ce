import { ResponseError } from '@backstage/errors';
import { describeRolloutsError } from './describeRolloutsError';

function responseError(status: number, message: string) {
  const body = JSON.stringify({
    error: { name: 'Error', message },
    request: { method: 'POST', url: '/x' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: 'x',
    headers: { get: () => 'application/json' },
    text: async () => body,
  } as unknown as Response);
}

describe('describeRolloutsError', () => {
  it.each([
    [403, 'You are not allowed to restart inventory-service.'],
    [
      409,
      'Could not restart inventory-service: it conflicts with the current state.',
    ],
    [
      503,
      'Could not restart inventory-service: the cluster or the rollouts backend is unreachable.',
    ],
    [404, 'Could not restart inventory-service: not found.'],
    [500, 'Could not restart inventory-service (HTTP 500).'],
  ])('says what HTTP %i means', async (status, title) => {
    const described = describeRolloutsError(
      await responseError(status, 'the server explains'),
      'restart inventory-service',
    );
    expect(described.title.startsWith(title)).toBe(true);
    expect(described.detail).toBe('the server explains');
    expect(described.statusCode).toBe(status);
  });

  it('says when the backend did not answer at all', () => {
    expect(
      describeRolloutsError(new TypeError('Failed to fetch'), 'load rollouts'),
    ).toEqual({
      title: 'Could not load rollouts: the rollouts backend did not answer.',
      detail: 'Failed to fetch',
    });
  });
});
