import { StatusChip, type StatusTone } from '@supply-chain/portal-react';
import type {
  ArgoRolloutPhase,
  MLModelDeploymentStatus,
  RolloutPhase,
} from '@supply-chain/plugin-rollouts-common';

const phaseTones: Record<RolloutPhase, StatusTone> = {
  complete: 'success',
  progressing: 'info',
  paused: 'neutral',
  stalled: 'warning',
  failing: 'danger',
};

const phaseSymbols: Record<RolloutPhase, string> = {
  complete: '✓',
  progressing: '↻',
  paused: '❚❚',
  stalled: '!',
  failing: '✕',
};

/**
 * The phase of a Deployment rollout: complete, progressing, paused, stalled or failing.
 *
 * @public
 */
export function RolloutPhaseChip(props: {
  phase: RolloutPhase | string;
  /** e.g. the kubectl-style phase message */
  title?: string;
}) {
  const { phase, title } = props;
  const known = phase in phaseTones ? (phase as RolloutPhase) : undefined;
  return (
    <StatusChip
      tone={known ? phaseTones[known] : 'neutral'}
      symbol={known ? phaseSymbols[known] : '?'}
      title={title}
    >
      {known ?? `unknown (${phase})`}
    </StatusChip>
  );
}

const mlModelTones: Record<MLModelDeploymentStatus, StatusTone> = {
  pending: 'neutral',
  deploying: 'info',
  ready: 'success',
  failed: 'danger',
};

/**
 * The deployment status of an MLModel: pending, deploying, ready or failed
 * (with its reason), or "no status" when the operator has not reported.
 *
 * @public
 */
export function MLModelStatusChip(props: {
  status?: MLModelDeploymentStatus | string;
  reason?: string;
}) {
  const { status, reason } = props;
  if (!status) {
    return (
      <StatusChip tone="neutral" symbol="?">
        no status
      </StatusChip>
    );
  }
  const known =
    status in mlModelTones ? (status as MLModelDeploymentStatus) : undefined;
  const label = known ?? `unknown (${status})`;
  return (
    <StatusChip
      tone={known ? mlModelTones[known] : 'neutral'}
      title={reason ? `${label}: ${reason}` : undefined}
    >
      {label}
    </StatusChip>
  );
}

const argoTones: Record<ArgoRolloutPhase, StatusTone> = {
  Healthy: 'success',
  Progressing: 'info',
  Paused: 'neutral',
  Degraded: 'danger',
  Aborted: 'danger',
  Unknown: 'neutral',
};

const argoSymbols: Record<ArgoRolloutPhase, string> = {
  Healthy: '✓',
  Progressing: '↻',
  Paused: '❚❚',
  Degraded: '✕',
  Aborted: '✕',
  Unknown: '?',
};

/**
 * The phase of an Argo Rollout as `kubectl argo rollouts get` shows it:
 * Healthy, Progressing, Paused, Degraded or Aborted, labelled "Status".
 *
 * @public
 */
export function ArgoRolloutPhaseChip(props: {
  phase: ArgoRolloutPhase;
  /** the controller's status message */
  title?: string;
}) {
  const { phase, title } = props;
  return (
    <StatusChip
      tone={argoTones[phase] ?? 'neutral'}
      symbol={argoSymbols[phase] ?? '?'}
      label="Status"
      title={title}
    >
      {phase}
    </StatusChip>
  );
}
