import { render, screen } from '@testing-library/react';
import { StatusChip } from './StatusChip';

describe('StatusChip', () => {
  it.each([
    ['success', '✓'],
    ['info', '↻'],
    ['warning', '!'],
    ['danger', '✕'],
    ['neutral', '•'],
  ] as const)('shows %s with the symbol %s and the text', (tone, symbol) => {
    render(<StatusChip tone={tone}>text</StatusChip>);
    const chip = screen.getByText('text').closest('[data-tone]');
    expect(chip).toHaveAttribute('data-tone', tone);
    expect(chip).toHaveTextContent(`${symbol}text`);
  });

  it('is labelled "label: text" when it has a label', () => {
    render(
      <StatusChip tone="success" label="Sync" title="all resources match Git">
        Synced
      </StatusChip>,
    );
    const chip = screen.getByLabelText('Sync: Synced');
    expect(chip).toHaveAttribute('data-tone', 'success');
    expect(chip).toHaveAttribute('title', 'all resources match Git');
  });

  it('has no label of its own without one, and takes a symbol', () => {
    render(
      <StatusChip tone="neutral" symbol="❚❚">
        paused
      </StatusChip>,
    );
    const chip = screen.getByText('paused').closest('[data-tone]');
    expect(chip).not.toHaveAttribute('aria-label');
    expect(chip).toHaveTextContent('❚❚paused');
  });
});
