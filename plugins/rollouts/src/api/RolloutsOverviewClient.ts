import {
  type DiscoveryApi,
  discoveryApiRef,
  type FetchApi,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  RolloutsOverviewEntity,
  RolloutsOverviewResponse,
} from '@supply-chain/plugin-rollouts-common';
import { useMemo } from 'react';

/** One entity of the Rollouts page; `error` as the per-entity request would have thrown it. */
export interface RolloutsOverviewItem
  extends Omit<RolloutsOverviewEntity, 'error'> {
  error?: ResponseError;
}

/**
 * Reads the org-wide overviews of the rollouts backend: one request per page
 * view, however many entities the catalog holds.
 */
export class RolloutsOverviewClient {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** GET /overview/rollouts: every entity the caller may read, with its rollouts. */
  async getRolloutsOverview(): Promise<RolloutsOverviewItem[]> {
    const url = `${await this.options.discoveryApi.getBaseUrl(
      'rollouts',
    )}/overview/rollouts`;
    const response = await this.options.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as RolloutsOverviewResponse;
    return Promise.all(
      body.entities.map(async ({ error, ...item }) =>
        error ? { ...item, error: await entityError(url, error) } : item,
      ),
    );
  }
}

/** The error one entity's own request would have failed with, so it reads the same. */
function entityError(
  url: string,
  body: NonNullable<RolloutsOverviewEntity['error']>,
): Promise<ResponseError> {
  const text = JSON.stringify(body);
  return ResponseError.fromResponse({
    status: body.response.statusCode,
    statusText: '',
    ok: false,
    url,
    headers: {
      get: (header: string) =>
        header.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => text,
  } as unknown as Response);
}

/** The overview client on the app's discovery and fetch APIs (the fetch API signs the requests in). */
export function useRolloutsOverviewClient(): RolloutsOverviewClient {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(
    () => new RolloutsOverviewClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
}
