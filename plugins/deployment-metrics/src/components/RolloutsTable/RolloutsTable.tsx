import { Alert, Flex, Text } from '@backstage/ui';
import type { RolloutEvent } from '@supply-chain/plugin-deployment-metrics-common';
import { DataTable } from '@supply-chain/portal-react';
import { formatDuration } from '../format';

function outcomeText(r: RolloutEvent): string {
  const parts: string[] = [r.outcome];
  if (r.stalledAt && r.outcome !== 'stalled') parts.push('stalled first');
  if (r.rollback) parts.push('rollback');
  return parts.join(', ');
}

/** The rollouts behind a number: one row per recorded rollout. */
export function RolloutsTable(props: {
  caption: string;
  rollouts: RolloutEvent[];
}) {
  const { caption, rollouts } = props;
  if (rollouts.length === 0) {
    return (
      <Text variant="body-medium" role="status">
        {caption}: no rollouts.
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        caption={`${caption} (${rollouts.length})`}
        columns={[
          'Deployment',
          'Revision',
          'Version / image',
          'Started',
          'Duration',
          'Outcome',
          'Available during rollout',
        ]}
        rows={rollouts.map(r => ({
          key: `${r.cluster}/${r.deploymentUid}/${r.toRevision}`,
          cells: [
            `${r.cluster}/${r.namespace}/${r.deployment}`,
            `${r.fromRevision !== undefined ? `${r.fromRevision} → ` : ''}${
              r.toRevision
            }`,
            r.version ?? r.images.join(', '),
            <time key="started" dateTime={r.startedAt}>
              {new Date(r.startedAt).toLocaleString()}
            </time>,
            `${formatDuration(r.durationSeconds)}${
              r.clockSkew ? ' (clock skew: clamped)' : ''
            }`,
            outcomeText(r),
            `min ${r.minAvailableReplicas} of ${r.desiredReplicas}${
              r.minAvailableReplicas < r.desiredReplicas
                ? ' (capacity dropped)'
                : ''
            }`,
          ],
        }))}
      />
      {rollouts.some(r => r.clockSkew) && (
        <Alert
          status="warning"
          title="Some durations were clamped to 0 because the cluster's and the portal's clocks disagree."
        />
      )}
    </Flex>
  );
}
