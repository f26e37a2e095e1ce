import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Alert, Button, Checkbox, Flex, Text } from '@backstage/ui';
import {
  argocdRefreshPermission,
  argocdSyncPermission,
  type ArgoCdApplicationSummary,
} from '@supply-chain/plugin-argocd-common';
import { ConfirmDialog } from '@supply-chain/portal-react';
import { useState } from 'react';
import { argocdApiRef } from '../../api';

type Action = 'sync' | 'refresh';

function describeSync(app: ArgoCdApplicationSummary, prune: boolean): string {
  const source = app.sources
    .filter(s => !s.ref)
    .map(
      s =>
        `${s.chart ? `chart ${s.chart}` : s.path ?? '.'} of ${s.repoURL} at ${
          s.targetRevision ?? 'HEAD'
        }`,
    )
    .join(' and ');
  const target = app.destination.namespace
    ? `namespace ${app.destination.namespace}`
    : 'its destination';
  return `Argo CD applies the manifests from ${
    source || 'its source'
  } to ${target} on ${
    app.destination.name ?? app.destination.server ?? 'the cluster'
  }.${
    prune
      ? ' Resources that are no longer in Git are deleted (prune).'
      : ' Resources that are no longer in Git are kept.'
  }`;
}

function errorText(error: unknown): string {
  const e = error as Error & { body?: { error?: { message?: string } } };
  return e.body?.error?.message ?? e.message;
}

/**
 * Sync and Refresh for one application, shown only to users the permission
 * framework allows (the backend checks again). Each asks for confirmation
 * saying what will happen, then shows the result and reloads.
 */
export function ArgoCdActions(props: {
  entityRef: CompoundEntityRef;
  app: ArgoCdApplicationSummary;
  onDone: () => void;
}) {
  const { entityRef, app, onDone } = props;
  const api = useApi(argocdApiRef);
  const resourceRef = stringifyEntityRef(entityRef);
  const sync = usePermission({ permission: argocdSyncPermission, resourceRef });
  const refresh = usePermission({
    permission: argocdRefreshPermission,
    resourceRef,
  });
  const [open, setOpen] = useState<Action | undefined>();
  const [prune, setPrune] = useState(false);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();

  if (!sync.allowed && !refresh.allowed) return null;

  const confirm = async () => {
    if (!open) return;
    setPending(true);
    const ref = {
      instance: app.instance,
      name: app.name,
      appNamespace: app.appNamespace,
    };
    try {
      const response =
        open === 'sync'
          ? await api.sync(entityRef, ref, { prune })
          : await api.refresh(entityRef, ref);
      setResult({ ok: true, text: response.message });
    } catch (error) {
      setResult({ ok: false, text: errorText(error) });
    } finally {
      setPending(false);
      setOpen(undefined);
      setPrune(false);
      onDone();
    }
  };

  return (
    <Flex direction="column" gap="2">
      <Flex gap="2">
        {sync.allowed && (
          <Button
            size="small"
            variant="primary"
            onPress={() => setOpen('sync')}
          >
            Sync
          </Button>
        )}
        {refresh.allowed && (
          <Button
            size="small"
            variant="secondary"
            onPress={() => setOpen('refresh')}
          >
            Refresh
          </Button>
        )}
      </Flex>
      {result && (
        <Alert
          status={result.ok ? 'success' : 'danger'}
          icon
          role={result.ok ? 'status' : 'alert'}
          title={
            result.ok
              ? result.text
              : `Argo CD did not accept the request: ${result.text}`
          }
          description={
            result.ok
              ? 'The card updates while Argo CD reports progress.'
              : undefined
          }
        />
      )}
      <ConfirmDialog
        isOpen={open !== undefined}
        title={
          open &&
          `${open === 'sync' ? 'Sync' : 'Refresh'} ${app.name} on ${
            app.instance
          }?`
        }
        confirmLabel={open === 'sync' ? 'Sync now' : 'Refresh now'}
        destructive={open === 'sync' && prune}
        pending={pending}
        onConfirm={confirm}
        onCancel={() => setOpen(undefined)}
      >
        <Text as="p" variant="body-medium">
          {open === 'sync'
            ? describeSync(app, prune)
            : `Argo CD compares ${app.name} with Git again now. Nothing changes in the cluster.`}
        </Text>
        {open === 'sync' && (
          <Checkbox isSelected={prune} onChange={setPrune}>
            Prune resources that are no longer in Git
          </Checkbox>
        )}
      </ConfirmDialog>
    </Flex>
  );
}
