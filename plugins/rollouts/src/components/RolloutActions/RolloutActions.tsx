import { useState } from 'react';
import { Alert, Button, Flex, NumberField, Select, Text } from '@backstage/ui';
import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  DeploymentRollout,
  RolloutActionResponse,
} from '@supply-chain/plugin-rollouts-common';
import {
  describeRolloutsError,
  type RolloutAction,
  rolloutsApiRef,
  useRolloutPermissions,
} from '@supply-chain/plugin-rollouts-react';
import { ConfirmDialog } from '@supply-chain/portal-react';
import {
  describeRestartEffect,
  describeRevision,
} from '../DeploymentRollout/describeRollout';

type ActionKind = RolloutAction['type'];

const actionVerbs: Record<ActionKind, string> = {
  restart: 'Restart',
  pause: 'Pause',
  resume: 'Resume',
  undo: 'Roll back',
  scale: 'Scale',
};

/** What confirming an action will do, in one or two sentences. */
export function describeActionEffect(
  deployment: DeploymentRollout,
  action: RolloutAction,
): string {
  const where = `${deployment.name} in cluster ${deployment.cluster}`;
  const current = deployment.revisions.find(r => r.current);
  switch (action.type) {
    case 'restart':
      return `Restart ${where}: ${describeRestartEffect(deployment)}`;
    case 'pause':
      return `Pause the rollout of ${where}: Kubernetes stops replacing pods until you resume; the ${deployment.totalReplicas} pods running now keep running, whichever revision they run.`;
    case 'resume':
      return `Resume the rollout of ${where}: Kubernetes continues replacing pods with ${describeRevision(
        current,
      )}.`;
    case 'undo': {
      const target = deployment.revisions.find(
        r => r.revision === action.toRevision,
      );
      return `Roll ${where} back to ${describeRevision(
        target,
      )}: a new rollout replaces the pods of ${describeRevision(
        current,
      )} using the ${deployment.strategy.type} strategy.`;
    }
    case 'scale': {
      const from = deployment.desiredReplicas;
      const to = action.replicas;
      const pods = (n: number) => `${n} ${n === 1 ? 'pod is' : 'pods are'}`;
      let change = 'nothing changes';
      if (to > from) {
        change = `${pods(to - from)} added`;
      } else if (to < from) {
        change = `${pods(from - to)} removed`;
      }
      return `Scale ${where} from ${from} to ${to} replicas: ${change}.${
        to === 0 ? ' With 0 replicas the service stops serving.' : ''
      }`;
    }
    default:
      return '';
  }
}

/**
 * Restart, pause/resume, undo and scale buttons for one Deployment, each behind
 * a confirmation. Only the actions the permission framework allows are shown;
 * nothing at all when none is allowed.
 */
export function RolloutActions(props: {
  entity: CompoundEntityRef;
  deployment: DeploymentRollout;
  /** called after an action succeeded, to refetch */
  onActionDone?: () => void;
}) {
  const { entity, deployment, onActionDone } = props;
  const api = useApi(rolloutsApiRef);
  const allowed = useRolloutPermissions(stringifyEntityRef(entity));
  const [open, setOpen] = useState<ActionKind | undefined>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<RolloutActionResponse>();
  const undoCandidates = deployment.revisions.filter(r => !r.current);
  const [toRevision, setToRevision] = useState<number | undefined>(
    (undoCandidates.find(r => r.previous) ?? undoCandidates[0])?.revision,
  );
  const [replicas, setReplicas] = useState(deployment.desiredReplicas);

  if (
    allowed.loading ||
    !(allowed.restart || allowed.pause || allowed.undo || allowed.scale)
  ) {
    return null;
  }

  const actionFor = (kind: ActionKind): RolloutAction | undefined => {
    switch (kind) {
      case 'undo':
        return toRevision === undefined
          ? undefined
          : { type: 'undo', toRevision };
      case 'scale':
        return { type: 'scale', replicas };
      default:
        return { type: kind };
    }
  };

  const openDialog = (kind: ActionKind) => {
    setError(undefined);
    setResult(undefined);
    if (kind === 'scale') {
      setReplicas(deployment.desiredReplicas);
    }
    setOpen(kind);
  };

  const confirm = async () => {
    const action = open && actionFor(open);
    if (!action) {
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const response = await api.runAction(
        entity,
        {
          cluster: deployment.cluster,
          namespace: deployment.namespace,
          name: deployment.name,
        },
        action,
      );
      setResult(response);
      setOpen(undefined);
      onActionDone?.();
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  const action = open ? actionFor(open) : undefined;
  const errorText =
    error && open
      ? describeRolloutsError(
          error,
          `${actionVerbs[open].toLocaleLowerCase('en-US')} ${
            deployment.name
          } in cluster ${deployment.cluster}`,
        )
      : undefined;

  return (
    <Flex direction="column" gap="2">
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        {allowed.restart && !deployment.paused && (
          <Button
            size="small"
            variant="secondary"
            onPress={() => openDialog('restart')}
          >
            Restart
          </Button>
        )}
        {allowed.pause && !deployment.paused && (
          <Button
            size="small"
            variant="secondary"
            onPress={() => openDialog('pause')}
          >
            Pause
          </Button>
        )}
        {allowed.pause && deployment.paused && (
          <Button
            size="small"
            variant="secondary"
            onPress={() => openDialog('resume')}
          >
            Resume
          </Button>
        )}
        {allowed.undo && undoCandidates.length > 0 && (
          <Button
            size="small"
            variant="secondary"
            onPress={() => openDialog('undo')}
          >
            Roll back…
          </Button>
        )}
        {allowed.scale && !deployment.hpa && (
          <Button
            size="small"
            variant="secondary"
            onPress={() => openDialog('scale')}
          >
            Scale…
          </Button>
        )}
        {allowed.scale && deployment.hpa && (
          <Text variant="body-small" color="secondary">
            Replicas are set by autoscaler {deployment.hpa.name} (min{' '}
            {deployment.hpa.min}, max {deployment.hpa.max}); change the
            autoscaler to scale.
          </Text>
        )}
      </Flex>
      {result && (
        <Alert
          status="success"
          icon
          role="status"
          title={result.message}
          description="The view updates as the cluster reports progress."
        />
      )}
      <ConfirmDialog
        isOpen={open !== undefined}
        title={open && `${actionVerbs[open]} ${deployment.name}?`}
        confirmLabel={open ? actionVerbs[open] : ''}
        destructive={open === 'undo' || open === 'restart'}
        pending={pending}
        confirmDisabled={!action}
        onConfirm={confirm}
        onCancel={() => setOpen(undefined)}
      >
        {open === 'undo' && (
          <Select
            label="Revision to return to"
            value={toRevision === undefined ? null : String(toRevision)}
            onChange={key => key !== null && setToRevision(Number(key))}
            options={undoCandidates.map(r => ({
              id: String(r.revision),
              label: `${describeRevision(r)}${r.previous ? ' — previous' : ''}`,
            }))}
          />
        )}
        {open === 'scale' && (
          <NumberField
            label="Replicas"
            minValue={0}
            maxValue={1000}
            step={1}
            value={replicas}
            onChange={value =>
              setReplicas(Number.isNaN(value) ? 0 : Math.round(value))
            }
          />
        )}
        {action && (
          <Text as="p" variant="body-medium">
            {describeActionEffect(deployment, action)}
          </Text>
        )}
        {errorText && (
          <Alert
            status="danger"
            icon
            role="alert"
            title={errorText.title}
            description={
              errorText.detail ? `Server said: ${errorText.detail}` : undefined
            }
          />
        )}
      </ConfirmDialog>
    </Flex>
  );
}
