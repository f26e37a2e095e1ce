import { Alert, Flex, Text } from '@backstage/ui';
import type { RolloutEvent } from '@supply-chain/plugin-deployment-metrics-common';
import { formatDuration } from '../format';

const cell = {
  padding: '4px 8px',
  borderBottom: '1px solid var(--bui-border-1)',
  verticalAlign: 'top' as const,
};
const head = {
  ...cell,
  textAlign: 'left' as const,
  borderBottom: '1px solid var(--bui-border-2)',
  color: 'var(--bui-fg-secondary)',
  fontWeight: 600,
};

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
      <div style={{ overflowX: 'auto' }}>
        <table
          style={{
            width: '100%',
            borderCollapse: 'collapse',
            fontSize: '0.875rem',
          }}
        >
          <caption
            style={{ textAlign: 'left', fontWeight: 600, padding: '4px 0' }}
          >
            {caption} ({rollouts.length})
          </caption>
          <thead>
            <tr>
              {[
                'Deployment',
                'Revision',
                'Version / image',
                'Started',
                'Duration',
                'Outcome',
                'Available during rollout',
              ].map(c => (
                <th key={c} scope="col" style={head}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rollouts.map(r => (
              <tr key={`${r.cluster}/${r.deploymentUid}/${r.toRevision}`}>
                <td style={cell}>
                  {r.cluster}/{r.namespace}/{r.deployment}
                </td>
                <td style={cell}>
                  {r.fromRevision !== undefined ? `${r.fromRevision} → ` : ''}
                  {r.toRevision}
                </td>
                <td style={cell}>{r.version ?? r.images.join(', ')}</td>
                <td style={cell}>
                  <time dateTime={r.startedAt}>
                    {new Date(r.startedAt).toLocaleString()}
                  </time>
                </td>
                <td style={cell}>
                  {formatDuration(r.durationSeconds)}
                  {r.clockSkew ? ' (clock skew: clamped)' : ''}
                </td>
                <td style={cell}>{outcomeText(r)}</td>
                <td style={cell}>
                  min {r.minAvailableReplicas} of {r.desiredReplicas}
                  {r.minAvailableReplicas < r.desiredReplicas
                    ? ' (capacity dropped)'
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rollouts.some(r => r.clockSkew) && (
        <Alert
          status="warning"
          title="Some durations were clamped to 0 because the cluster's and the portal's clocks disagree."
        />
      )}
    </Flex>
  );
}
