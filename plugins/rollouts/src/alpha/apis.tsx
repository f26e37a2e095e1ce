import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  RolloutsClient,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';

/** The rollouts backend client as a utility API. */
export const rolloutsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: rolloutsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RolloutsClient({ discoveryApi, fetchApi }),
    }),
});
