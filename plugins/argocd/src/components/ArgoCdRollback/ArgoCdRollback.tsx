import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Alert, Button, Flex, Text } from '@backstage/ui';
import {
  argocdRollbackPermission,
  shortRevision,
  type ArgoCdApplicationSummary,
  type ArgoCdHistoryEntry,
} from '@supply-chain/plugin-argocd-common';
import { ConfirmDialog } from '@supply-chain/portal-react';
import { useState } from 'react';
import { argocdApiRef } from '../../api';

/** Whether the current user may roll back the entity's applications. */
export function useRollbackAllowed(entityRef: CompoundEntityRef): boolean {
  return usePermission({
    permission: argocdRollbackPermission,
    resourceRef: stringifyEntityRef(entityRef),
  }).allowed;
}

function describe(entry: ArgoCdHistoryEntry): string {
  return entry.revisions
    .map(
      r =>
        `${shortRevision(r.revision)}${
          r.details?.message ? ` (${r.details.message.split('\n')[0]})` : ''
        }`,
    )
    .join(', ');
}

/**
 * "Roll back…" for one history entry, behind a confirmation saying what
 * happens; the result shows beside the button and the view reloads.
 */
export function ArgoCdRollbackButton(props: {
  entityRef: CompoundEntityRef;
  app: ArgoCdApplicationSummary;
  entry: ArgoCdHistoryEntry;
  onDone: () => void;
}) {
  const { entityRef, app, entry, onDone } = props;
  const api = useApi(argocdApiRef);
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();

  const confirm = async () => {
    setPending(true);
    try {
      const response = await api.rollback(
        entityRef,
        {
          instance: app.instance,
          name: app.name,
          appNamespace: app.appNamespace,
        },
        { id: entry.id },
      );
      setResult({ ok: true, text: response.message });
    } catch (error) {
      const e = error as Error & { body?: { error?: { message?: string } } };
      setResult({ ok: false, text: e.body?.error?.message ?? e.message });
    } finally {
      setPending(false);
      setOpen(false);
      onDone();
    }
  };

  return (
    <Flex direction="column" gap="1">
      <Button size="small" variant="secondary" onPress={() => setOpen(true)}>
        Roll back…
      </Button>
      {result && (
        <Text
          variant="body-x-small"
          color={result.ok ? 'success' : 'danger'}
          role={result.ok ? 'status' : 'alert'}
        >
          {result.ok
            ? result.text
            : `Argo CD did not accept the rollback: ${result.text}`}
        </Text>
      )}
      <ConfirmDialog
        isOpen={open}
        title={`Roll back ${app.name} on ${app.instance}?`}
        confirmLabel="Roll back now"
        destructive
        pending={pending}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        <Text as="p" variant="body-medium">
          {`Argo CD applies the manifests of deployment #${
            entry.id
          }, ${describe(entry)}, to namespace ${
            app.destination.namespace ?? '(destination)'
          }. The application then shows OutOfSync against Git until the next sync.`}
        </Text>
        {app.autoSync && (
          <Alert
            status="warning"
            icon
            title="Automated sync is on: Argo CD refuses rollbacks until it is turned off."
          />
        )}
      </ConfirmDialog>
    </Flex>
  );
}
