import { useCallback, useMemo } from 'react';
import { Container, Flex, Header, Text } from '@backstage/ui';
import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  type MLModelStatus,
  type MLModelsResponse,
  parseLabelSelector,
  ROLLOUTS_MLMODELS_SIGNAL_CHANNEL,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';
import {
  ClusterStatusBanner,
  DataFreshness,
  EmptyState,
  RolloutsErrorPanel,
  rolloutsApiRef,
  useLiveResource,
} from '@supply-chain/plugin-rollouts-react';
import { EntityLink } from '@supply-chain/portal-react';
import { useLoadAnnotatedEntities } from '../common/useAnnotatedEntities';
import { MLModelList } from '../EntityMLModelsCard';

/** The catalog entity whose annotations select this model, if any. */
export function findOwningEntity(
  model: MLModelStatus,
  entities: Entity[],
): Entity | undefined {
  return entities.find(entity => {
    const annotations = entity.metadata.annotations ?? {};
    const selector = annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION];
    if (selector) {
      const parsed = parseLabelSelector(selector);
      return parsed ? selectorMatches(parsed, model.labels) : false;
    }
    const id = annotations[KUBERNETES_ANNOTATION];
    const namespace = annotations['backstage.io/kubernetes-namespace'];
    return (
      Boolean(id) &&
      model.labels[KUBERNETES_ANNOTATION] === id &&
      (!namespace || namespace === model.namespace)
    );
  });
}

function useModelsWithOwners() {
  const api = useApi(rolloutsApiRef);
  const loadEntities = useLoadAnnotatedEntities();
  const fetcher = useCallback(async (): Promise<{
    models: MLModelsResponse;
    entities: Entity[];
  }> => {
    const [models, entities] = await Promise.all([
      api.getMLModels(),
      loadEntities(),
    ]);
    return { models, entities };
  }, [api, loadEntities]);
  return useLiveResource('all-mlmodels', fetcher, {
    channel: ROLLOUTS_MLMODELS_SIGNAL_CHANNEL,
  });
}

/** Every MLModel in every cluster, with the team that owns it from the catalog. */
export function MLModelsPage(props: { withHeader?: boolean }) {
  const { withHeader = true } = props;
  const data = useModelsWithOwners();

  const owners = useMemo(() => {
    const map = new Map<MLModelStatus, Entity | undefined>();
    for (const model of data.value?.models.models ?? []) {
      map.set(model, findOwningEntity(model, data.value?.entities ?? []));
    }
    return map;
  }, [data.value]);

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
    const { clusters, models, onlyClaimed } = data.value.models;
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
              const entity = owners.get(model);
              if (!entity) {
                return 'no catalog entity selects this model';
              }
              return (
                <>
                  {entity.spec?.owner ? (
                    <EntityRefLink
                      entityRef={entity.spec.owner as string}
                      defaultKind="group"
                    />
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
