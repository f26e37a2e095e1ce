import { useState } from 'react';
import { Button } from '@backstage/ui';

/**
 * Copies a text to the clipboard and says so.
 *
 * @public
 */
export function CopyButton(props: {
  text: string;
  /** What is copied, for screen readers, e.g. "endpoint of demand-forecasting-v2". */
  label: string;
}) {
  const { text, label } = props;
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await window.navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <Button
        size="small"
        variant="tertiary"
        aria-label={`Copy ${label}`}
        onPress={copy}
      >
        Copy
      </Button>
      <span role="status" aria-live="polite" style={{ fontSize: '0.75rem' }}>
        {state === 'copied' && 'Copied'}
        {state === 'failed' && 'Copy failed: select the text and copy it'}
      </span>
    </>
  );
}
