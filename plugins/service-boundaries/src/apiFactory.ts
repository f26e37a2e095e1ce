import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ServiceBoundariesClient, serviceBoundariesApiRef } from './api';

/** The backend client, shared by the legacy and the new plugin. */
export const serviceBoundariesApiFactory = createApiFactory({
  api: serviceBoundariesApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new ServiceBoundariesClient({ discoveryApi, fetchApi }),
});
