import { Alert, Button, Flex, Text } from '@backstage/ui';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ClusterSizing } from '@supply-chain/plugin-capacity-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { capacityApiRef } from '../../api';
import { DeploymentSizingCard } from './DeploymentSizingCard';

/** The server's own words behind a failed request, when it sent any. */
function serverMessage(error: Error | undefined): string | undefined {
  return error instanceof ResponseError ? error.cause?.message : undefined;
}

function ClusterSection(props: { cluster: ClusterSizing }) {
  const { cluster } = props;
  return (
    <section
      aria-label={`Cluster ${cluster.name}`}
      style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
    >
      <Text as="h2" variant="title-medium">
        Cluster {cluster.name}
      </Text>
      {cluster.status === 'degraded' && (
        <Alert
          status="warning"
          icon
          role="alert"
          title={`Cluster ${cluster.name} could not be read completely`}
          description={`${
            cluster.error ?? 'The backend gave no reason'
          }. What could be read is shown; missing recommendations or usage may be part of this.`}
        />
      )}
      {cluster.deployments.map(deployment => (
        <DeploymentSizingCard
          key={`${deployment.namespace}/${deployment.name}`}
          deployment={deployment}
        />
      ))}
    </section>
  );
}

/**
 * The Capacity tab: per cluster, Deployment and container the requests and
 * limits, usage, the VPA's recommendation with a verdict, what the VPA does
 * in its update mode, and the HPA's headroom. Read once per visit (Retry
 * reads again): the backend asks the clusters on each request.
 */
export function EntityCapacityContent() {
  const { entity } = useEntity();
  const api = useApi(capacityApiRef);
  const entityRef = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;
  const sizing = useAsyncRetry(
    () => api.getEntitySizing(entityRef),
    [api, entityRef],
  );

  if (sizing.loading) {
    return (
      <Text role="status" variant="body-medium">
        Loading the sizing of {name}…
      </Text>
    );
  }
  if (sizing.error || !sizing.value) {
    const detail = serverMessage(sizing.error);
    return (
      <Alert
        status="danger"
        icon
        role="alert"
        title={`Could not load the sizing of ${name}: ${
          sizing.error?.message ?? 'no answer'
        }`}
        description={detail ? `Server said: ${detail}` : undefined}
        customActions={
          <Button size="small" variant="secondary" onPress={sizing.retry}>
            Retry
          </Button>
        }
      />
    );
  }

  const { clusters } = sizing.value;
  const deploymentCount = clusters.reduce(
    (sum, c) => sum + c.deployments.length,
    0,
  );
  return (
    <Flex direction="column" gap="4">
      <Text variant="body-small" color="secondary">
        Requests and limits from each Deployment's pod template; usage from
        metrics.k8s.io; the recommendation from the VPA recommender.
      </Text>
      {clusters.length === 0 && (
        <Text role="status" variant="body-medium">
          No clusters are configured: the portal reads them from
          kubernetes.clusterLocatorMethods in app-config.
        </Text>
      )}
      {clusters.length > 0 && deploymentCount === 0 && (
        <Text role="status" variant="body-medium">
          No Deployments of {name} were found in{' '}
          {clusters.map(c => c.name).join(', ')}
          {clusters.some(c => c.status === 'degraded')
            ? ' (some clusters could not be read, see below)'
            : ''}
          .
        </Text>
      )}
      {clusters.map(cluster => (
        <ClusterSection key={cluster.name} cluster={cluster} />
      ))}
    </Flex>
  );
}
