import type { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  Cell,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import {
  healthStatusTone,
  syncStatusTone,
  type ArgoCdApplicationSummary,
} from '@supply-chain/plugin-argocd-common';
import { argocdApiRef } from '../../api';
import { useArgoCdCall } from '../../hooks/useArgoCdCall';
import { ArgoCdUnavailable } from '../ArgoCdProblems';
import { StatusChip } from '@supply-chain/portal-react';

/** The application's resources that are OutOfSync or not Healthy. */
export function ArgoCdResourceList(props: {
  entityRef: CompoundEntityRef;
  app: ArgoCdApplicationSummary;
  version?: string;
}) {
  const { entityRef, app, version = '' } = props;
  const api = useApi(argocdApiRef);
  const { value, error } = useArgoCdCall(
    () =>
      api.getResources(entityRef, {
        instance: app.instance,
        name: app.name,
        appNamespace: app.appNamespace,
      }),
    `${app.instance}/${app.name}/${version}`,
  );
  if (error) return <ArgoCdUnavailable error={error} />;
  if (!value) return <Text variant="body-small">Loading resources…</Text>;
  if (value.resources.length === 0) {
    return (
      <Text variant="body-small">
        All {value.totalResources} resources of {app.name} are synced and
        healthy.
      </Text>
    );
  }
  return (
    <TableRoot aria-label={`Resources of ${app.name} that need attention`}>
      <TableHeader>
        <Column isRowHeader>Resource</Column>
        <Column>Namespace</Column>
        <Column>Sync</Column>
        <Column>Health</Column>
      </TableHeader>
      <TableBody>
        {value.resources.map(r => {
          const id = `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${
            r.name
          }`;
          return (
            <Row key={id} id={id}>
              <Cell>
                <Text variant="body-small">
                  {r.kind}/{r.name}
                  {r.requiresPruning
                    ? ' (not in Git any more; prune deletes it)'
                    : ''}
                </Text>
              </Cell>
              <Cell>
                <Text variant="body-small">{r.namespace ?? '—'}</Text>
              </Cell>
              <Cell>
                {r.syncStatus ? (
                  <StatusChip label="Sync" tone={syncStatusTone(r.syncStatus)}>
                    {r.syncStatus}
                  </StatusChip>
                ) : (
                  '—'
                )}
              </Cell>
              <Cell>
                {r.healthStatus ? (
                  <StatusChip
                    label="Health"
                    tone={healthStatusTone(r.healthStatus)}
                    title={r.healthMessage}
                  >
                    {r.healthStatus}
                  </StatusChip>
                ) : (
                  '—'
                )}
                {r.healthMessage && (
                  <Text variant="body-x-small" color="secondary">
                    {' '}
                    {r.healthMessage}
                  </Text>
                )}
              </Cell>
            </Row>
          );
        })}
      </TableBody>
    </TableRoot>
  );
}
