import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ArgoCdClient, argocdApiRef } from '../api';

/** The argocd backend client as a utility API. */
export const argocdApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: argocdApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ArgoCdClient({ discoveryApi, fetchApi }),
    }),
});
