import { useCallback } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Alert, Flex, Text } from '@backstage/ui';
import {
  healthStatusTone,
  syncStatusTone,
} from '@supply-chain/plugin-argocd-common';
import { attentionApiRef } from '@supply-chain/plugin-attention';
import {
  ATTENTION_SIGNAL_CHANNEL,
  type ServiceState,
} from '@supply-chain/plugin-attention-common';
import {
  RolloutPhaseChip,
  useLiveResource,
} from '@supply-chain/plugin-rollouts-react';
import { DataTable, EntityLink, StatusChip } from '@supply-chain/portal-react';

/** Rollout state and sync state change without announcing a problem: poll too. */
const POLL_MS = 30_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One request for every row (GET /api/attention/services): the server lists
 * the user's Components with the user's credentials and adds each one's
 * rollout and Argo CD state, instead of two requests per service from here.
 */
function useServicesFetcher() {
  const attentionApi = useApi(attentionApiRef);
  return useCallback(
    async (): Promise<ServiceState[]> =>
      (await attentionApi.getServices()).services,
    [attentionApi],
  );
}

function RolloutCell(props: { service: ServiceState }) {
  const { rollouts } = props.service;
  if (!rollouts) {
    return <Text variant="body-small">no Kubernetes workloads</Text>;
  }
  const { deployments, error } = rollouts;
  return (
    <Flex direction="column" gap="1">
      {error && <Text variant="body-small">unavailable: {error}</Text>}
      {!error && deployments.length === 0 && (
        <Text variant="body-small">no Deployments found</Text>
      )}
      {deployments.map(d => {
        const name = `${d.cluster}/${d.namespace}/${d.name}`;
        return (
          <span key={name} aria-label={`Rollout of ${name}: ${d.phase}`}>
            <RolloutPhaseChip
              phase={d.phase}
              title={`${name}: ${d.phaseMessage}`}
            />
          </span>
        );
      })}
    </Flex>
  );
}

function ArgoCdCell(props: { service: ServiceState }) {
  const { argocd } = props.service;
  if (!argocd) {
    return <Text variant="body-small">not managed by Argo CD</Text>;
  }
  const { applications, error } = argocd;
  return (
    <Flex direction="column" gap="1">
      {error && <Text variant="body-small">unavailable: {error}</Text>}
      {!error && applications.length === 0 && (
        <Text variant="body-small">no application found</Text>
      )}
      {applications.map(app => (
        <Flex key={`${app.instance}/${app.name}`} gap="1" align="center">
          <StatusChip label="Sync" tone={syncStatusTone(app.syncStatus)}>
            {app.syncStatus}
          </StatusChip>
          <StatusChip label="Health" tone={healthStatusTone(app.healthStatus)}>
            {app.healthStatus}
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
            key: service.entityRef,
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
