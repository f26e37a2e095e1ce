import { ResponseError } from '@backstage/errors';

const statusTexts: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  503: 'Service Unavailable',
};

/** The error the client throws when the backend answers `status` with a Backstage error body. */
export function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/api/rollouts' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: statusTexts[status] ?? 'Error',
    ok: false,
    url: 'http://localhost:7007/api/rollouts',
    headers: {
      get: (header: string) =>
        header.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => body,
  } as unknown as Response);
}
