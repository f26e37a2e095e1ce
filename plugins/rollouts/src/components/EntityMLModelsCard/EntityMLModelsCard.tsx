import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ClusterStatusBanner,
  DataFreshness,
  EmptyState,
  RolloutsErrorPanel,
  useEntityMLModels,
} from '@supply-chain/plugin-rollouts-react';
import {
  describeWorkloadSelector,
  isRolloutsAvailable,
} from '../../conditions';
import { MissingAnnotationsState } from '../EntityRolloutsContent/EntityRolloutsContent';
import { MLModelList } from './MLModelList';

function Content() {
  const { entity } = useEntity();
  const available = isRolloutsAvailable(entity);
  const models = useEntityMLModels(
    available ? getCompoundEntityRef(entity) : undefined,
  );
  const name = entity.metadata.title ?? entity.metadata.name;

  if (!available) {
    return <MissingAnnotationsState />;
  }
  if (models.loading) {
    return (
      <Text role="status" variant="body-medium">
        Loading ML models of {name}…
      </Text>
    );
  }
  if (!models.value) {
    return (
      <RolloutsErrorPanel
        error={models.error}
        doing={`load the ML models of ${name}`}
        onRetry={models.retry}
      />
    );
  }
  const { clusters, models: list } = models.value;
  return (
    <Flex direction="column" gap="3">
      <DataFreshness
        live={models.live}
        fetchedAt={models.fetchedAt}
        refreshing={models.refreshing}
        error={models.error}
        doing={`refresh the ML models of ${name}`}
        onRefresh={models.retry}
      />
      {clusters.map(cluster => (
        <ClusterStatusBanner key={cluster.name} cluster={cluster} />
      ))}
      {list.length === 0 ? (
        <EmptyState
          title="No ML models"
          description={`No MLModel in ${
            clusters.map(c => c.name).join(', ') || 'any cluster'
          } matches ${describeWorkloadSelector(entity)}.`}
        />
      ) : (
        <MLModelList models={list} />
      )}
    </Flex>
  );
}

/** The "ML models" card of an entity page. */
export function EntityMLModelsCard() {
  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small">
          ML models
        </Text>
      </CardHeader>
      <CardBody>
        <Content />
      </CardBody>
    </Card>
  );
}
