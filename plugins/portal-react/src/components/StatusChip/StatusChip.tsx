import type { CSSProperties, ReactNode } from 'react';

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
 * A small coloured label with a symbol and its text.
 *
 * @public
 */
export function StatusChip(props: {
  tone: StatusTone;
  children: ReactNode;
  /**
   * What the chip is about ("Sync", "Health"): the chip is then labelled
   * "Sync: Synced" for screen readers and tests.
   */
  label?: string;
  /** A longer explanation, shown as a tooltip. */
  title?: string;
  /** Replaces the tone's symbol (e.g. "❚❚" for paused). */
  symbol?: string;
}) {
  const { tone, children, label, title, symbol } = props;
  const ariaLabel = label
    ? `${label}: ${typeof children === 'string' ? children : ''}`.trim()
    : undefined;
  return (
    <span
      data-tone={tone}
      title={title}
      aria-label={ariaLabel}
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
