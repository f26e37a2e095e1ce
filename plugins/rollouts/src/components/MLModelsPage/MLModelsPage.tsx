import { Container, Flex, Header, Text } from '@backstage/ui';
import {
  ClusterStatusBanner,
  DataFreshness,
  EmptyState,
  RolloutsErrorPanel,
  useAllMLModels,
} from '@supply-chain/plugin-rollouts-react';
import { EntityLink } from '@supply-chain/portal-react';
import { MLModelList } from '../EntityMLModelsCard';

/**
 * Every MLModel in every cluster, with the team that owns it from the catalog,
 * in one request: GET /mlmodels names the entity that selects each model.
 */
export function MLModelsPage(props: { withHeader?: boolean }) {
  const { withHeader = true } = props;
  const data = useAllMLModels();

  let body;
  if (data.loading) {
    body = (
      <Text role="status" variant="body-medium">
        Loading ML models of all clusters…
      </Text>
    );
  } else if (!data.value) {
    body = (
      <RolloutsErrorPanel
        error={data.error}
        doing="load the ML models of all clusters"
        onRetry={data.retry}
      />
    );
  } else {
    const { clusters, models, onlyClaimed } = data.value;
    body = (
      <Flex direction="column" gap="4">
        <DataFreshness
          live={data.live}
          fetchedAt={data.fetchedAt}
          refreshing={data.refreshing}
          error={data.error}
          doing="refresh the ML models"
          onRefresh={data.retry}
        />
        {clusters.map(cluster => (
          <ClusterStatusBanner key={cluster.name} cluster={cluster} />
        ))}
        <Text role="status" variant="body-medium">
          {models.length} ML models:{' '}
          {models.filter(m => m.status.deploymentStatus === 'ready').length}{' '}
          ready,{' '}
          {models.filter(m => m.status.deploymentStatus === 'failed').length}{' '}
          failed, {models.filter(m => !m.valid).length} invalid.
        </Text>
        {onlyClaimed && (
          <Text as="p" variant="body-small" color="secondary">
            Showing the models that catalog entities you can see select; models
            no such entity selects are listed for the platform team only.
          </Text>
        )}
        {models.length === 0 ? (
          <EmptyState
            title="No ML models"
            description={`No MLModel (ml.supplychain.io/v1) exists in ${
              clusters.map(c => c.name).join(', ') || 'any configured cluster'
            }.`}
          />
        ) : (
          <MLModelList
            models={models}
            ownerOf={model => {
              const entity = model.selectedBy;
              if (!entity) {
                return 'no catalog entity selects this model';
              }
              return (
                <>
                  {entity.owner ? (
                    <EntityLink entity={entity.owner} defaultKind="group" />
                  ) : (
                    'no owner'
                  )}{' '}
                  (via <EntityLink entity={entity} />)
                </>
              );
            }}
          />
        )}
      </Flex>
    );
  }

  return (
    <>
      {withHeader && <Header title="ML models" />}
      <Container>{body}</Container>
    </>
  );
}
