import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { DeploymentMetricsClient, deploymentMetricsApiRef } from '../api';

/** The deployment-metrics backend client as a utility API. */
export const deploymentMetricsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentMetricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentMetricsClient({ discoveryApi, fetchApi }),
    }),
});
