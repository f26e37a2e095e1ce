import { useCallback } from 'react';
import { type Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Alert, Flex, Text } from '@backstage/ui';
import { argocdApiRef, isArgocdAvailable } from '@supply-chain/plugin-argocd';
import {
  healthStatusTone,
  syncStatusTone,
} from '@supply-chain/plugin-argocd-common';
import { ATTENTION_SIGNAL_CHANNEL } from '@supply-chain/plugin-attention-common';
import {
  isRolloutsAvailable,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts';
import {
  RolloutPhaseChip,
  useLiveResource,
} from '@supply-chain/plugin-rollouts-react';
import type { RolloutPhase } from '@supply-chain/plugin-rollouts-common';
import { DataTable, EntityLink, StatusChip } from '@supply-chain/portal-react';

/** What the row of one service shows, or why a part could not be read. */
interface ServiceState {
  entity: Entity;
  rollouts?: Array<{ name: string; phase: RolloutPhase; message: string }>;
  rolloutsError?: string;
  apps?: Array<{ name: string; sync: string; health: string }>;
  argocdError?: string;
}

/** Rollout state and sync state change without announcing a problem: poll too. */
const POLL_MS = 30_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function useServicesFetcher() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const rolloutsApi = useApi(rolloutsApiRef);
  const argocdApi = useApi(argocdApiRef);
  return useCallback(async (): Promise<ServiceState[]> => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (ownershipEntityRefs.length === 0) {
      return [];
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'relations.ownedBy': ownershipEntityRefs },
    });
    const entities = [...items].sort((a, b) =>
      (a.metadata.title ?? a.metadata.name).localeCompare(
        b.metadata.title ?? b.metadata.name,
      ),
    );
    // Only the user's own services, a handful: one request each per source.
    return Promise.all(
      entities.map(async (entity): Promise<ServiceState> => {
        const ref = getCompoundEntityRef(entity);
        const [rollouts, argocd] = await Promise.allSettled([
          isRolloutsAvailable(entity)
            ? rolloutsApi.getEntityRollouts(ref)
            : Promise.resolve(undefined),
          isArgocdAvailable(entity)
            ? argocdApi.getApplications(ref)
            : Promise.resolve(undefined),
        ]);
        const state: ServiceState = { entity };
        if (rollouts.status === 'rejected') {
          state.rolloutsError = message(rollouts.reason);
        } else if (rollouts.value) {
          state.rollouts = rollouts.value.clusters.flatMap(cluster =>
            cluster.deployments.map(d => ({
              name: `${cluster.name}/${d.namespace}/${d.name}`,
              phase: d.phase,
              message: d.phaseMessage,
            })),
          );
        }
        if (argocd.status === 'rejected') {
          state.argocdError = message(argocd.reason);
        } else if (argocd.value) {
          state.apps = argocd.value.applications.map(app => ({
            name: app.name,
            sync: app.syncStatus,
            health: app.healthStatus,
          }));
        }
        return state;
      }),
    );
  }, [identityApi, catalogApi, rolloutsApi, argocdApi]);
}

function RolloutCell(props: { service: ServiceState }) {
  const { rollouts, rolloutsError } = props.service;
  if (rolloutsError) {
    return <Text variant="body-small">unavailable: {rolloutsError}</Text>;
  }
  if (!rollouts) {
    return <Text variant="body-small">no Kubernetes workloads</Text>;
  }
  if (rollouts.length === 0) {
    return <Text variant="body-small">no Deployments found</Text>;
  }
  return (
    <Flex direction="column" gap="1">
      {rollouts.map(r => (
        <span key={r.name} aria-label={`Rollout of ${r.name}: ${r.phase}`}>
          <RolloutPhaseChip phase={r.phase} title={`${r.name}: ${r.message}`} />
        </span>
      ))}
    </Flex>
  );
}

function ArgoCdCell(props: { service: ServiceState }) {
  const { apps, argocdError } = props.service;
  if (argocdError) {
    return <Text variant="body-small">unavailable: {argocdError}</Text>;
  }
  if (!apps) {
    return <Text variant="body-small">not managed by Argo CD</Text>;
  }
  if (apps.length === 0) {
    return <Text variant="body-small">no application found</Text>;
  }
  return (
    <Flex direction="column" gap="1">
      {apps.map(app => (
        <Flex key={app.name} gap="1" align="center">
          <StatusChip label="Sync" tone={syncStatusTone(app.sync)}>
            {app.sync}
          </StatusChip>
          <StatusChip label="Health" tone={healthStatusTone(app.health)}>
            {app.health}
          </StatusChip>
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * The signed-in user's services (components owned by the user or the user's
 * teams) with the rollout state of their Deployments and the sync and health
 * of their Argo CD applications.
 */
export function MyServices() {
  const fetcher = useServicesFetcher();
  const { value, error, loading } = useLiveResource('my-services', fetcher, {
    channel: ATTENTION_SIGNAL_CHANNEL,
    pollIntervalMs: POLL_MS,
  });
  if (loading) {
    return <Text variant="body-medium">Loading your services…</Text>;
  }
  return (
    <Flex direction="column" gap="2">
      {error !== undefined && (
        <Alert
          status="danger"
          title={`Could not load your services: ${message(error)}`}
        />
      )}
      {value && value.length === 0 && (
        <Text variant="body-medium">
          You and your teams own no components in the catalog.
        </Text>
      )}
      {value && value.length > 0 && (
        <DataTable
          caption="Services you and your teams own"
          hideCaption
          columns={['Service', 'Rollout', 'Argo CD']}
          rows={value.map(service => ({
            key: service.entity.metadata.name,
            cells: [
              <EntityLink key="service" entity={service.entity} />,
              <RolloutCell key="rollout" service={service} />,
              <ArgoCdCell key="argocd" service={service} />,
            ],
          }))}
        />
      )}
    </Flex>
  );
}
