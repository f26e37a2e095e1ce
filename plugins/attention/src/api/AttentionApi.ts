import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AttentionResponse,
  ServicesResponse,
} from '@supply-chain/plugin-attention-common';

/**
 * The attention backend as the browser sees it.
 *
 * @public
 */
export interface AttentionApi {
  /** The current problems, the signed-in user's teams' first, and the health of each source. */
  getProblems(): Promise<AttentionResponse>;
  /**
   * The signed-in user's services (Components the user or the user's teams
   * own, that the user may read) with their rollout and Argo CD state, in one
   * request.
   */
  getServices(): Promise<ServicesResponse>;
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
 * Talks to `@supply-chain/plugin-attention-backend` (`GET /api/attention/problems`,
 * `GET /api/attention/services`)
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
    return this.get<AttentionResponse>('problems');
  }

  async getServices(): Promise<ServicesResponse> {
    return this.get<ServicesResponse>('services');
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('attention');
    const response = await this.fetchApi.fetch(`${base}/${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
