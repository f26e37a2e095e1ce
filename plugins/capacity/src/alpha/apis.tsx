import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { CapacityClient, capacityApiRef } from '../api';

/** The capacity backend client as a utility API. */
export const capacityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: capacityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CapacityClient({ discoveryApi, fetchApi }),
    }),
});
