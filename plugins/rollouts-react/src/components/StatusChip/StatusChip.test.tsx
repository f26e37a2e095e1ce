import { render, screen } from '@testing-library/react';
import { MLModelStatusChip, RolloutPhaseChip } from './StatusChip';

describe('RolloutPhaseChip', () => {
  it.each([
    ['complete', 'success'],
    ['progressing', 'info'],
    ['paused', 'neutral'],
    ['stalled', 'warning'],
    ['failing', 'danger'],
  ])('shows %s as text with the %s colour', (phase, tone) => {
    render(<RolloutPhaseChip phase={phase} title="why" />);
    const text = screen.getByText(phase);
    expect(text.closest('[data-tone]')).toHaveAttribute('data-tone', tone);
    expect(text.closest('[data-tone]')).toHaveAttribute('title', 'why');
  });

  it('names an unknown phase instead of guessing', () => {
    render(<RolloutPhaseChip phase="weird" />);
    expect(screen.getByText('unknown (weird)')).toBeInTheDocument();
  });
});

describe('MLModelStatusChip', () => {
  it.each([
    ['pending', 'neutral'],
    ['deploying', 'info'],
    ['ready', 'success'],
    ['failed', 'danger'],
  ])('shows %s as text with the %s colour', (status, tone) => {
    render(<MLModelStatusChip status={status} />);
    expect(screen.getByText(status).closest('[data-tone]')).toHaveAttribute(
      'data-tone',
      tone,
    );
  });

  it('carries the failure reason', () => {
    render(<MLModelStatusChip status="failed" reason="OOMKilled" />);
    expect(screen.getByText('failed').closest('[data-tone]')).toHaveAttribute(
      'title',
      'failed: OOMKilled',
    );
  });

  it('says when the operator has not reported', () => {
    render(<MLModelStatusChip />);
    expect(screen.getByText('no status')).toBeInTheDocument();
  });
});
