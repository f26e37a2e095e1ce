import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  RolloutsClient,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';

/** The client of the rollouts backend, shared by the legacy and the new plugin. */
export const rolloutsApiFactory = createApiFactory({
  api: rolloutsApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new RolloutsClient({ discoveryApi, fetchApi }),
});
