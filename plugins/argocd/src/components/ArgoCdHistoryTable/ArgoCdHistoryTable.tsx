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
import type { ArgoCdApplicationSummary } from '@supply-chain/plugin-argocd-common';
import { argocdApiRef } from '../../api';
import { useArgoCdCall } from '../../hooks/useArgoCdCall';
import { ArgoCdUnavailable } from '../ArgoCdProblems';
import { RevisionLine } from '../ArgoCdOverviewCard/ArgoCdOverviewCard';
import { RelativeTime } from '@supply-chain/portal-react';
import { ArgoCdRollbackButton, useRollbackAllowed } from '../ArgoCdRollback';

/**
 * The application's deployments, newest first, with commit message and
 * author per revision ("metadata unavailable" where Argo CD could not say).
 */
export function ArgoCdHistoryTable(props: {
  entityRef: CompoundEntityRef;
  app: ArgoCdApplicationSummary;
  limit?: number;
  /** changes when the application changed, to load again */
  version?: string;
  /** set: offer "Roll back…" (permitted users) and call this after a rollback */
  onRollback?: () => void;
}) {
  const { entityRef, app, limit = 10, version = '', onRollback } = props;
  const api = useApi(argocdApiRef);
  const rollbackAllowed = useRollbackAllowed(entityRef) && Boolean(onRollback);
  const { value, error } = useArgoCdCall(
    () =>
      api.getHistory(
        entityRef,
        {
          instance: app.instance,
          name: app.name,
          appNamespace: app.appNamespace,
        },
        { limit },
      ),
    `${app.instance}/${app.name}/${limit}/${version}`,
  );
  if (error) return <ArgoCdUnavailable error={error} />;
  if (!value) return <Text variant="body-small">Loading history…</Text>;
  if (value.entries.length === 0) {
    return (
      <Text variant="body-small">
        {app.name} has not been deployed by Argo CD yet.
      </Text>
    );
  }
  return (
    <>
      <TableRoot aria-label={`Deployment history of ${app.name}`}>
        <TableHeader>
          <Column isRowHeader>Deployed</Column>
          <Column>Revision</Column>
          <Column>Author</Column>
          <Column>Started by</Column>
          {rollbackAllowed ? <Column>Action</Column> : null}
        </TableHeader>
        <TableBody>
          {value.entries.map((entry, index) => (
            <Row key={entry.id} id={String(entry.id)}>
              <Cell>
                <RelativeTime iso={entry.deployedAt} fallback="in progress" />
              </Cell>
              <Cell>
                {entry.revisions.map(r => (
                  <RevisionLine
                    key={`${r.sourceIndex}-${r.revision}`}
                    revision={r}
                  />
                ))}
              </Cell>
              <Cell>
                <Text variant="body-small">
                  {entry.revisions
                    .map(r => r.details?.author)
                    .filter(Boolean)
                    .join(', ') || '—'}
                </Text>
              </Cell>
              <Cell>
                <Text variant="body-small">{entry.initiatedBy ?? '—'}</Text>
              </Cell>
              {rollbackAllowed ? (
                <Cell>
                  {index > 0 ? (
                    <ArgoCdRollbackButton
                      entityRef={entityRef}
                      app={app}
                      entry={entry}
                      onDone={onRollback!}
                    />
                  ) : (
                    <Text variant="body-x-small" color="secondary">
                      current
                    </Text>
                  )}
                </Cell>
              ) : null}
            </Row>
          ))}
        </TableBody>
      </TableRoot>
      {value.total > value.entries.length && (
        <Text variant="body-x-small" color="secondary">
          Showing the {value.entries.length} newest of {value.total}{' '}
          deployments.
        </Text>
      )}
    </>
  );
}
