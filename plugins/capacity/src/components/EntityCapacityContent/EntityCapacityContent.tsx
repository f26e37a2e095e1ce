import { Alert, Button, Flex, Text } from '@backstage/ui';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  serviceCapacity,
  WASTE_BASIS,
  type ClusterSizing,
  type DeploymentSizing,
} from '@supply-chain/plugin-capacity-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { capacityApiRef } from '../../api';
import { DeploymentSizingCard } from './DeploymentSizingCard';
import { formatMoney } from './PlacementAndCost';

/**
 * The service's monthly cost over all its Deployments, summed by the same
 * rule as the Capacity page (capacity-common's serviceCapacity), so both show
 * the same figures.
 */
function ServiceTotal(props: {
  name: string;
  entityRef: string;
  deployments: DeploymentSizing[];
}) {
  const { name, entityRef, deployments } = props;
  const costed = deployments.filter(d => d.cost);
  if (costed.length === 0) return null;
  const currency = costed[0].cost!.currency;
  const total = serviceCapacity(
    { entityRef, kind: '', namespace: '', name },
    deployments,
  );
  const money = (value?: number) =>
    value === undefined ? 'not available' : formatMoney(value, currency);
  const count = `${deployments.length} ${
    deployments.length === 1 ? 'Deployment' : 'Deployments'
  }`;
  return (
    <section aria-label={`Monthly cost of the service ${name}`}>
      <Flex direction="column" gap="1">
        <Text as="h2" variant="title-small">
          Monthly cost of the service
        </Text>
        <Text variant="body-medium">
          {`All ${count}: ${money(
            total.monthlyFromRequests,
          )} a month from requests, ${money(
            total.monthlyFromUsage,
          )} from usage, ${money(total.waste)} waste`}
        </Text>
        <Text variant="body-small" color="secondary">
          {WASTE_BASIS} Prices come from config (capacity.prices); the Capacity
          page compares services.
        </Text>
      </Flex>
    </section>
  );
}

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
      <ServiceTotal
        name={name}
        entityRef={entityRef}
        deployments={clusters.flatMap(c => c.deployments)}
      />
      {clusters.map(cluster => (
        <ClusterSection key={cluster.name} cluster={cluster} />
      ))}
    </Flex>
  );
}
