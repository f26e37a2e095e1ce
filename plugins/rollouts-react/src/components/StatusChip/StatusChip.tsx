import type { CSSProperties, ReactNode } from 'react';
import type {
  MLModelDeploymentStatus,
  RolloutPhase,
} from '@supply-chain/plugin-rollouts-common';

/**
 * The colour family of a chip. Colour is never the only cue: every chip also
 * carries its text and a symbol.
 *
 * @public
 */
export type StatusTone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';

const toneStyles: Record<StatusTone, CSSProperties> = {
  success: {
    background: 'var(--bui-positive-bg-subdued)',
    color: 'var(--bui-positive-fg-subdued)',
    borderColor: 'var(--bui-positive-border)',
  },
  info: {
    background: 'var(--bui-announcement-bg-subdued)',
    color: 'var(--bui-announcement-fg-subdued)',
    borderColor: 'var(--bui-announcement-border)',
  },
  warning: {
    background: 'var(--bui-warning-bg-subdued)',
    color: 'var(--bui-warning-fg-subdued)',
    borderColor: 'var(--bui-warning-border)',
  },
  danger: {
    background: 'var(--bui-negative-bg-subdued)',
    color: 'var(--bui-negative-fg-subdued)',
    borderColor: 'var(--bui-negative-border)',
  },
  neutral: {
    background: 'var(--bui-bg-neutral-2)',
    color: 'var(--bui-fg-primary)',
    borderColor: 'var(--bui-border-2)',
  },
};

const toneSymbols: Record<StatusTone, string> = {
  success: '✓',
  info: '↻',
  warning: '!',
  danger: '✕',
  neutral: '•',
};

/**
 * A small coloured label with text and a symbol.
 *
 * @public
 */
export function StatusChip(props: {
  tone: StatusTone;
  children: ReactNode;
  /** A longer explanation, shown as a tooltip and read by screen readers. */
  title?: string;
  symbol?: string;
}) {
  const { tone, children, title, symbol } = props;
  return (
    <span
      data-tone={tone}
      title={title}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 4,
        padding: '1px 8px',
        borderRadius: 999,
        border: '1px solid',
        fontSize: '0.8125rem',
        fontWeight: 600,
        lineHeight: '20px',
        whiteSpace: 'nowrap',
        ...toneStyles[tone],
      }}
    >
      <span aria-hidden="true">{symbol ?? toneSymbols[tone]}</span>
      <span>{children}</span>
    </span>
  );
}

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
