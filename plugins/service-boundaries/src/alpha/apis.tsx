import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ServiceBoundariesClient, serviceBoundariesApiRef } from '../api';

/** The service-boundaries backend client as a utility API. */
export const serviceBoundariesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: serviceBoundariesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceBoundariesClient({ discoveryApi, fetchApi }),
    }),
});
