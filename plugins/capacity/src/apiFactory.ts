import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CapacityClient, capacityApiRef } from './api';

/** The client of the capacity backend, for the legacy plugin. */
export const capacityApiFactory = createApiFactory({
  api: capacityApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new CapacityClient({ discoveryApi, fetchApi }),
});
