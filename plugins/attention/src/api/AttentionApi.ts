import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { AttentionResponse } from '@supply-chain/plugin-attention-common';

/**
 * The attention backend as the browser sees it.
 *
 * @public
 */
export interface AttentionApi {
  /** The current problems, the signed-in user's teams' first, and the health of each source. */
  getProblems(): Promise<AttentionResponse>;
}

/**
 * The attention backend client.
 *
 * @public
 */
export const attentionApiRef = createApiRef<AttentionApi>({
  id: 'plugin.attention.service',
});

/**
 * Talks to `@supply-chain/plugin-attention-backend` (`GET /api/attention/problems`)
 * through the discovery and fetch APIs, so the request carries the user's token.
 *
 * @public
 */
export class AttentionClient implements AttentionApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getProblems(): Promise<AttentionResponse> {
    const base = await this.discoveryApi.getBaseUrl('attention');
    const response = await this.fetchApi.fetch(`${base}/problems`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as AttentionResponse;
  }
}
