import { Card, CardBody, CardHeader, Flex, Link, Text } from '@backstage/ui';
import {
  healthStatusTone,
  syncStatusTone,
} from '@supply-chain/plugin-argocd-common';
import { useEntityArgoCd } from '../../hooks/useEntityArgoCd';
import { ArgoCdHistoryTable } from '../ArgoCdHistoryTable';
import { ArgoCdUnavailable, InstanceProblems } from '../ArgoCdProblems';
import { ArgoCdResourceList } from '../ArgoCdResourceList';
import { StatusChip } from '@supply-chain/portal-react';

/**
 * The "Argo CD" tab: per application, the resources that need attention and
 * the deployment history.
 */
export function EntityArgoCdContent(props: { historyLimit?: number }) {
  const { value, error, entityRef, reload } = useEntityArgoCd();
  if (error) return <ArgoCdUnavailable error={error} />;
  if (!value)
    return <Text variant="body-medium">Loading Argo CD applications…</Text>;
  if (value.applications.length === 0) {
    return (
      <Flex direction="column" gap="2">
        <InstanceProblems instances={value.instances} />
        <Text variant="body-medium">
          No Argo CD application: {value.emptyReason}
        </Text>
      </Flex>
    );
  }
  return (
    <Flex direction="column" gap="4">
      <InstanceProblems instances={value.instances} />
      {value.applications.map(app => {
        // reload the tables when Argo CD reports a new state
        const version = `${app.syncStatus}/${app.healthStatus}/${app.operation?.phase}/${app.lastSyncedAt}`;
        return (
          <Card key={`${app.instance}/${app.appNamespace}/${app.name}`}>
            <CardHeader>
              <Flex align="center" justify="between" gap="2">
                <Flex align="center" gap="2">
                  <Text variant="title-small">
                    {app.name} · {app.instance}
                  </Text>
                  <StatusChip
                    label="Sync"
                    tone={syncStatusTone(app.syncStatus)}
                  >
                    {app.syncStatus}
                  </StatusChip>
                  <StatusChip
                    label="Health"
                    tone={healthStatusTone(app.healthStatus)}
                  >
                    {app.healthStatus}
                  </StatusChip>
                </Flex>
                <Link
                  href={app.uiUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  Open in Argo CD
                </Link>
              </Flex>
            </CardHeader>
            <CardBody>
              <Flex direction="column" gap="3">
                <Text variant="title-x-small">Out of sync or not healthy</Text>
                <ArgoCdResourceList
                  entityRef={entityRef}
                  app={app}
                  version={version}
                />
                <Text variant="title-x-small">History</Text>
                <ArgoCdHistoryTable
                  entityRef={entityRef}
                  app={app}
                  limit={props.historyLimit}
                  version={version}
                  onRollback={reload}
                />
              </Flex>
            </CardBody>
          </Card>
        );
      })}
    </Flex>
  );
}
