import { useCallback } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Alert, Flex, Link, Text } from '@backstage/ui';
import { ATTENTION_SIGNAL_CHANNEL } from '@supply-chain/plugin-attention-common';
import { deploymentMetricsApiRef } from '@supply-chain/plugin-deployment-metrics';
import type {
  RolloutEvent,
  RolloutOutcome,
} from '@supply-chain/plugin-deployment-metrics-common';
import { useLiveResource } from '@supply-chain/plugin-rollouts-react';
import {
  DataTable,
  RelativeTime,
  StatusChip,
  type StatusTone,
} from '@supply-chain/portal-react';

const SHOWN = 8;
const POLL_MS = 30_000;

const outcomeTones: Record<RolloutOutcome, StatusTone> = {
  'in-progress': 'info',
  completed: 'success',
  stalled: 'warning',
  'rolled-back': 'warning',
  superseded: 'neutral',
};

/** Newest first: in-progress rollouts have no finish time, so by start. */
function newest(rollouts: RolloutEvent[]): RolloutEvent[] {
  return [...rollouts]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, SHOWN);
}

/**
 * The latest rollouts across the company's clusters, as the deployment-metrics
 * backend recorded them (its default window, the last 30 days).
 */
export function RecentDeployments() {
  const deploymentMetricsApi = useApi(deploymentMetricsApiRef);
  const fetcher = useCallback(
    async () => newest((await deploymentMetricsApi.getRollouts({})).rollouts),
    [deploymentMetricsApi],
  );
  const { value, error, loading } = useLiveResource(
    'recent-deployments',
    fetcher,
    { channel: ATTENTION_SIGNAL_CHANNEL, pollIntervalMs: POLL_MS },
  );
  if (loading) {
    return <Text variant="body-medium">Loading recent deployments…</Text>;
  }
  return (
    <Flex direction="column" gap="2">
      {error !== undefined && (
        <Alert
          status="danger"
          title={`Could not load recent deployments: ${
            error instanceof Error ? error.message : String(error)
          }`}
        />
      )}
      {value && value.length === 0 && (
        <Text variant="body-medium">
          No rollout recorded in the last 30 days.
        </Text>
      )}
      {value && value.length > 0 && (
        <DataTable
          caption={`The ${value.length} latest rollouts`}
          hideCaption
          columns={['Deployment', 'Version', 'Outcome', 'Started']}
          rows={value.map(r => ({
            key: `${r.cluster}/${r.deploymentUid}/${r.toRevision}`,
            cells: [
              `${r.cluster}/${r.namespace}/${r.deployment}`,
              r.version ?? r.images.join(', '),
              <StatusChip
                key="outcome"
                label="Outcome"
                tone={outcomeTones[r.outcome] ?? 'neutral'}
              >
                {r.outcome}
              </StatusChip>,
              <RelativeTime key="started" iso={r.startedAt} />,
            ],
          }))}
        />
      )}
      <Link href="/deployment-metrics" variant="body-small">
        All deployment metrics
      </Link>
    </Flex>
  );
}
