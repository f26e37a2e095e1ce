import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { DeploymentMetricsClient, deploymentMetricsApiRef } from './api';

/** The client of the deployment-metrics backend, shared by the legacy and the new plugin. */
export const deploymentMetricsApiFactory = createApiFactory({
  api: deploymentMetricsApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new DeploymentMetricsClient({ discoveryApi, fetchApi }),
});
