import { Flex, Text } from '@backstage/ui';
import type { DeploymentRollout } from '@supply-chain/plugin-rollouts-common';
import { DataTable, formatAge, StatusChip } from '@supply-chain/portal-react';
import { describePodProblem } from './describeRollout';

function podTone(hasProblem: boolean, ready: boolean) {
  if (hasProblem) {
    return 'danger';
  }
  return ready ? 'success' : 'info';
}

/** Pods grouped by the revision they run, each with what is wrong in words. */
export function PodsByRevision(props: { deployment: DeploymentRollout }) {
  const { deployment } = props;
  const groups = deployment.podsByRevision.filter(g => g.pods.length > 0);
  if (groups.length === 0) {
    return (
      <Text variant="body-small" color="secondary">
        No pods are running for {deployment.name}.
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="3">
      {groups.map(group => {
        const revision = deployment.revisions.find(
          r => r.revision === group.revision,
        );
        const ready = group.pods.filter(p => p.ready).length;
        const title = `Revision ${group.revision}${
          revision?.version ? ` (${revision.version})` : ''
        }${revision?.current ? ', current' : ''}: ${ready} of ${
          group.pods.length
        } pods ready`;
        return (
          <DataTable
            key={group.revision}
            caption={title}
            columns={['Pod', 'Status', 'Restarts', 'Age', 'Problem']}
            rows={group.pods.map(pod => {
              const problem = describePodProblem(pod);
              return {
                key: pod.name,
                cells: [
                  <span key="name" style={{ wordBreak: 'break-all' }}>
                    {pod.name}
                  </span>,
                  <StatusChip
                    key="status"
                    tone={podTone(Boolean(problem), pod.ready)}
                  >
                    {pod.ready
                      ? `${pod.phase}, ready`
                      : `${pod.phase}, not ready`}
                  </StatusChip>,
                  String(pod.restarts),
                  formatAge(pod.createdAt) ?? '—',
                  problem ?? 'none',
                ],
              };
            })}
          />
        );
      })}
    </Flex>
  );
}
