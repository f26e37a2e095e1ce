import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Card, CardBody, CardHeader, Flex, Link, Text } from '@backstage/ui';
import {
  healthStatusTone,
  operationPhaseTone,
  shortRevision,
  syncStatusTone,
  type ArgoCdApplicationSummary,
  type ArgoCdRevision,
} from '@supply-chain/plugin-argocd-common';
import { useEntityArgoCd } from '../../hooks/useEntityArgoCd';
import { ArgoCdActions } from '../ArgoCdActions';
import { ArgoCdUnavailable, InstanceProblems } from '../ArgoCdProblems';
import { RelativeTime, StatusChip } from '@supply-chain/portal-react';

function firstLine(message?: string): string | undefined {
  return message?.split('\n')[0];
}

/** "4f1c2a9 — fix: retry order lookup (Dev)" or the Helm chart version. */
export function RevisionLine(props: { revision: ArgoCdRevision }) {
  const r = props.revision;
  let detail: string | undefined;
  if (r.detailsStatus === 'ok') {
    detail =
      r.kind === 'helm'
        ? `Helm chart ${r.chart ?? ''} ${r.revision}${
            r.details?.description ? ` — ${r.details.description}` : ''
          }`
        : `${firstLine(r.details?.message) ?? ''}${
            r.details?.author ? ` (${r.details.author})` : ''
          }`;
  } else if (r.detailsStatus === 'unavailable') {
    detail = 'metadata unavailable';
  }
  return (
    <Text variant="body-small" title={r.detailsError}>
      <code>{shortRevision(r.revision)}</code>
      {detail ? ` — ${detail}` : ''}
    </Text>
  );
}

function ApplicationRow(props: {
  app: ArgoCdApplicationSummary;
  entityRef: CompoundEntityRef;
  multiInstance: boolean;
  onDone: () => void;
}) {
  const { app, entityRef, multiInstance, onDone } = props;
  const op = app.operation;
  return (
    <Flex
      direction="column"
      gap="2"
      data-testid={`argocd-app-${app.instance}-${app.name}`}
    >
      <Flex align="center" justify="between" gap="2">
        <Text variant="title-x-small" weight="bold">
          {app.name}
          {multiInstance ? ` · ${app.instance}` : ''}
        </Text>
        <Link href={app.uiUrl} target="_blank" rel="noopener noreferrer">
          Open in Argo CD
        </Link>
      </Flex>
      <Flex gap="2" align="center">
        <StatusChip label="Sync" tone={syncStatusTone(app.syncStatus)}>
          {app.syncStatus}
        </StatusChip>
        <StatusChip
          label="Health"
          tone={healthStatusTone(app.healthStatus)}
          title={app.healthMessage}
        >
          {app.healthStatus}
        </StatusChip>
        {op && op.phase !== 'Succeeded' && (
          <StatusChip
            label="Operation"
            tone={operationPhaseTone(op.phase)}
            title={op.message}
          >
            {`Operation ${op.phase}`}
          </StatusChip>
        )}
      </Flex>
      {op && op.phase !== 'Succeeded' && op.message && (
        <Text variant="body-small" color="secondary">
          {op.message}
        </Text>
      )}
      {app.revisions.map(r => (
        <RevisionLine key={`${r.sourceIndex}-${r.revision}`} revision={r} />
      ))}
      <Text variant="body-small" color="secondary">
        Last synced <RelativeTime iso={app.lastSyncedAt} fallback="never" />
        {app.destination.namespace
          ? ` · namespace ${app.destination.namespace}`
          : ''}
        {app.outOfSyncResources + app.unhealthyResources > 0
          ? ` · ${app.outOfSyncResources} out of sync, ${app.unhealthyResources} not healthy`
          : ''}
      </Text>
      <ArgoCdActions entityRef={entityRef} app={app} onDone={onDone} />
    </Flex>
  );
}

/**
 * Sync and health of the entity's Argo CD applications, their revision with
 * the commit message, when they were last synced, a link to Argo CD, and
 * Sync/Refresh for permitted users.
 */
export function ArgoCdOverviewCard() {
  const { loading, value, error, reload, entityRef } = useEntityArgoCd();
  let body;
  if (error) {
    body = <ArgoCdUnavailable error={error} />;
  } else if (!value) {
    body = <Text variant="body-medium">Loading Argo CD applications…</Text>;
  } else if (value.applications.length === 0) {
    body = (
      <Flex direction="column" gap="2">
        <InstanceProblems instances={value.instances} />
        <Text variant="body-medium">
          No Argo CD application: {value.emptyReason}
        </Text>
      </Flex>
    );
  } else {
    const multiInstance =
      new Set(value.applications.map(a => a.instance)).size > 1;
    body = (
      <Flex direction="column" gap="4">
        <InstanceProblems instances={value.instances} />
        {value.applications.map(app => (
          <ApplicationRow
            key={`${app.instance}/${app.appNamespace}/${app.name}`}
            app={app}
            entityRef={entityRef}
            multiInstance={multiInstance}
            onDone={reload}
          />
        ))}
      </Flex>
    );
  }
  return (
    <Card aria-busy={loading}>
      <CardHeader>
        <Text variant="title-small">Argo CD</Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
