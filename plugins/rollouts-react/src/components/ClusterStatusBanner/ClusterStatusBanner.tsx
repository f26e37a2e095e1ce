import { Alert } from '@backstage/ui';
import type { ClusterSyncStatus } from '@supply-chain/plugin-rollouts-common';
import { formatRelativeTime } from '@supply-chain/portal-react';

/**
 * Says which cluster cannot be read (or only partly), since when, and what the
 * view shows instead. Renders nothing for a synced cluster.
 *
 * @public
 */
export function ClusterStatusBanner(props: {
  cluster: {
    name: string;
    status: ClusterSyncStatus;
    error?: string;
    since?: string;
    lastSyncTime?: string;
  };
}) {
  const { name, status, error, since, lastSyncTime } = props.cluster;
  if (status === 'synced') {
    return null;
  }
  const lastSync = formatRelativeTime(lastSyncTime);
  const sinceText = formatRelativeTime(since);
  const shown = lastSync
    ? `Showing the last known state, synced ${lastSync}.`
    : 'Nothing was read from it yet.';
  if (status === 'unreachable') {
    return (
      <Alert
        status="danger"
        icon
        role="alert"
        title={`Cluster ${name} is unreachable${
          sinceText ? ` (since ${sinceText})` : ''
        }`}
        description={`${error ? `${error}. ` : ''}${shown}`}
      />
    );
  }
  return (
    <Alert
      status="warning"
      icon
      role="alert"
      title={`Cluster ${name} is partly synced: data may be stale${
        sinceText ? ` (since ${sinceText})` : ''
      }`}
      description={`${error ? `${error}. ` : ''}${shown}`}
    />
  );
}
