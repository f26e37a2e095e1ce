import type { CSSProperties, ReactNode } from 'react';
import type { StatusTone } from '@supply-chain/plugin-argocd-common';

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
 * A coloured label with text and a symbol (colour is never the only cue).
 */
export function StatusChip(props: {
  tone: StatusTone;
  label: string;
  children: ReactNode;
  title?: string;
}) {
  const { tone, label, children, title } = props;
  return (
    <span
      data-tone={tone}
      title={title}
      aria-label={`${label}: ${
        typeof children === 'string' ? children : ''
      }`.trim()}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 4,
        padding: '2px 8px',
        borderRadius: 12,
        border: '1px solid',
        fontSize: 12,
        fontWeight: 500,
        whiteSpace: 'nowrap',
        ...toneStyles[tone],
      }}
    >
      <span aria-hidden>{toneSymbols[tone]}</span>
      {children}
    </span>
  );
}
