import { Text } from '@backstage/ui';
import type { DeploymentRollout } from '@supply-chain/plugin-rollouts-common';
import { DataTable, formatAge, StatusChip } from '@supply-chain/portal-react';

/** Current and previous revisions (and older ones), newest first. */
export function RevisionsTable(props: { deployment: DeploymentRollout }) {
  const { deployment } = props;
  if (deployment.revisions.length === 0) {
    return (
      <Text variant="body-small" color="secondary">
        No revisions yet: the Deployment has not created a ReplicaSet.
      </Text>
    );
  }
  return (
    <DataTable
      caption={`Revisions of ${deployment.name}`}
      columns={['Revision', 'Version', 'Image', 'Age', 'Replicas', 'Change']}
      rows={deployment.revisions.map(revision => ({
        key: revision.replicaSet,
        cells: [
          <span key="revision">
            {revision.revision}{' '}
            {revision.current && <StatusChip tone="info">current</StatusChip>}
            {revision.previous && (
              <StatusChip tone="neutral">previous</StatusChip>
            )}
          </span>,
          revision.version ?? '—',
          <span key="images" style={{ wordBreak: 'break-all' }}>
            {revision.images.join(', ') || '—'}
          </span>,
          formatAge(revision.createdAt) ?? '—',
          `${revision.readyReplicas}/${revision.replicas} ready`,
          revision.changeCause ?? '—',
        ],
      }))}
    />
  );
}
