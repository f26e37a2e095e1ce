import { Flex, Text } from '@backstage/ui';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ClusterStatusBanner,
  DataFreshness,
  EmptyState,
  RolloutsErrorPanel,
  useEntityRollouts,
} from '@supply-chain/plugin-rollouts-react';
import {
  describeWorkloadSelector,
  isRolloutsAvailable,
} from '../../conditions';
import { ArgoRollout } from '../ArgoRollout';
import { DeploymentRollout } from '../DeploymentRollout';

/** How to make an entity show its rollouts. */
export function MissingAnnotationsState() {
  return (
    <EmptyState
      title="This entity is not linked to any workload"
      description={
        <>
          Add <code>backstage.io/kubernetes-id: &lt;name&gt;</code> (and
          optionally <code>backstage.io/kubernetes-namespace</code>) or{' '}
          <code>backstage.io/kubernetes-label-selector: app=&lt;name&gt;</code>{' '}
          to <code>metadata.annotations</code> in the entity's catalog file, and
          label the Deployments in the cluster to match.
        </>
      }
    />
  );
}

/**
 * The Rollouts tab: per cluster and Deployment, progress, phase, revisions,
 * pods, autoscaler, traffic split and actions; beside them the entity's Argo
 * Rollouts (read-only). Live by signals.
 */
export function EntityRolloutsContent() {
  const { entity } = useEntity();
  const available = isRolloutsAvailable(entity);
  const entityRef = getCompoundEntityRef(entity);
  const rollouts = useEntityRollouts(available ? entityRef : undefined);
  const name = entity.metadata.title ?? entity.metadata.name;

  if (!available) {
    return <MissingAnnotationsState />;
  }
  if (rollouts.loading) {
    return (
      <Text role="status" variant="body-medium">
        Loading rollouts of {name}…
      </Text>
    );
  }
  if (!rollouts.value) {
    return (
      <RolloutsErrorPanel
        error={rollouts.error}
        doing={`load the rollouts of ${name}`}
        onRetry={rollouts.retry}
      />
    );
  }

  const { clusters } = rollouts.value;
  const selector = describeWorkloadSelector(entity);
  const deploymentCount = clusters.reduce(
    (sum, c) => sum + c.deployments.length,
    0,
  );
  const argoRolloutCount = clusters.reduce(
    (sum, c) => sum + (c.argoRollouts?.length ?? 0),
    0,
  );

  return (
    <Flex direction="column" gap="4">
      <DataFreshness
        live={rollouts.live}
        fetchedAt={rollouts.fetchedAt}
        refreshing={rollouts.refreshing}
        error={rollouts.error}
        doing={`refresh the rollouts of ${name}`}
        onRefresh={rollouts.retry}
      />
      {clusters.length === 0 && (
        <EmptyState
          title="No clusters are configured"
          description="The portal reads clusters from kubernetes.clusterLocatorMethods in app-config; ask the platform team to add one."
        />
      )}
      {clusters.length > 0 &&
        deploymentCount === 0 &&
        argoRolloutCount === 0 &&
        clusters.every(c => c.status === 'synced') && (
          <EmptyState
            title="No Deployments found"
            description={`No Deployment in ${clusters
              .map(c => c.name)
              .join(
                ', ',
              )} matches ${selector}. Check that the Deployment carries this label, or change the annotation in the catalog file.`}
          />
        )}
      {clusters.map(cluster => (
        <section
          key={cluster.name}
          aria-label={`Cluster ${cluster.name}`}
          style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
        >
          <Text as="h2" variant="title-medium">
            Cluster {cluster.name}
          </Text>
          <ClusterStatusBanner cluster={cluster} />
          {cluster.deployments.length === 0 &&
            !cluster.argoRollouts?.length &&
            cluster.status === 'synced' &&
            deploymentCount + argoRolloutCount > 0 && (
              <Text variant="body-small" color="secondary">
                No Deployment in cluster {cluster.name} matches {selector}.
              </Text>
            )}
          {cluster.deployments.map(deployment => (
            <DeploymentRollout
              key={`${deployment.namespace}/${deployment.name}`}
              entity={entityRef}
              deployment={deployment}
              onActionDone={rollouts.retry}
            />
          ))}
          {cluster.argoRollouts?.map(rollout => (
            <ArgoRollout
              key={`argo-${rollout.namespace}/${rollout.name}`}
              rollout={rollout}
            />
          ))}
        </section>
      ))}
    </Flex>
  );
}
