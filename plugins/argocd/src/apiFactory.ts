import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ArgoCdClient, argocdApiRef } from './api';

/** The client as a legacy API factory. */
export const argocdApiFactory = createApiFactory({
  api: argocdApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new ArgoCdClient({ discoveryApi, fetchApi }),
});
