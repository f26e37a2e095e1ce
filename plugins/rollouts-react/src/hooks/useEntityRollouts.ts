import { useCallback } from 'react';
import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  type EntityRolloutsResponse,
  type MLModelsResponse,
  ROLLOUTS_MLMODELS_SIGNAL_CHANNEL,
  rolloutsEntityChannel,
} from '@supply-chain/plugin-rollouts-common';
import { rolloutsApiRef } from '../api';
import { type LiveResource, useLiveResource } from './useLiveResource';

/**
 * Rollouts of one entity, refetched whenever the backend signals a change on
 * the entity's channel.
 *
 * @param entity - the entity, or undefined to fetch nothing
 * @public
 */
export function useEntityRollouts(
  entity: CompoundEntityRef | undefined,
): LiveResource<EntityRolloutsResponse> {
  const api = useApi(rolloutsApiRef);
  const ref = entity ? stringifyEntityRef(entity) : undefined;
  const fetcher = useCallback(
    () => api.getEntityRollouts(entity!),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, ref],
  );
  return useLiveResource(ref, fetcher, {
    channel: rolloutsEntityChannel(ref ?? ''),
  });
}

/**
 * MLModels of one entity, refetched whenever the backend signals a change on
 * the entity's channel.
 *
 * @public
 */
export function useEntityMLModels(
  entity: CompoundEntityRef | undefined,
): LiveResource<MLModelsResponse> {
  const api = useApi(rolloutsApiRef);
  const ref = entity ? stringifyEntityRef(entity) : undefined;
  const fetcher = useCallback(
    () => api.getEntityMLModels(entity!),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, ref],
  );
  return useLiveResource(ref, fetcher, {
    channel: rolloutsEntityChannel(ref ?? ''),
  });
}

/**
 * Every MLModel in every cluster, refetched on the MLModels channel.
 *
 * @public
 */
export function useAllMLModels(): LiveResource<MLModelsResponse> {
  const api = useApi(rolloutsApiRef);
  const fetcher = useCallback(() => api.getMLModels(), [api]);
  return useLiveResource('all', fetcher, {
    channel: ROLLOUTS_MLMODELS_SIGNAL_CHANNEL,
  });
}
