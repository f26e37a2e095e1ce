import { render, screen } from '@testing-library/react';
import { formatAge, formatRelativeTime, RelativeTime } from './RelativeTime';

const now = new Date('2026-03-01T12:00:00Z');

describe('formatRelativeTime', () => {
  it.each([
    ['2026-03-01T11:59:30Z', '30 seconds ago'],
    ['2026-03-01T11:55:00Z', '5 minutes ago'],
    ['2026-03-01T09:00:00Z', '3 hours ago'],
    ['2026-02-28T12:00:00Z', 'yesterday'],
    ['2026-02-27T12:00:00Z', '2 days ago'],
    ['2026-01-01T12:00:00Z', '2 months ago'],
    ['2026-03-01T14:00:00Z', 'in 2 hours'],
  ])('%s is %s', (iso, text) => {
    expect(formatRelativeTime(iso, now)).toBe(text);
    expect(formatRelativeTime(iso, now.getTime())).toBe(text);
  });

  it('rounds to the nearest unit', () => {
    // 5 min 50 s
    expect(formatRelativeTime('2026-03-01T11:54:10Z', now)).toBe(
      '6 minutes ago',
    );
    // 1 h 20 min
    expect(formatRelativeTime('2026-03-01T10:40:00Z', now)).toBe('1 hour ago');
  });

  it('returns undefined for missing or broken times', () => {
    expect(formatRelativeTime(undefined, now)).toBeUndefined();
    expect(formatRelativeTime('not a date', now)).toBeUndefined();
  });
});

describe('formatAge', () => {
  it.each([
    ['2026-03-01T11:59:15Z', '45s'],
    ['2026-03-01T11:48:00Z', '12m'],
    ['2026-03-01T09:00:00Z', '3h'],
    ['2026-02-24T12:00:00Z', '5d'],
  ])('%s is %s old', (iso, age) => {
    expect(formatAge(iso, now)).toBe(age);
  });

  it('returns undefined for missing or broken times', () => {
    expect(formatAge(undefined, now)).toBeUndefined();
    expect(formatAge('yesterday', now)).toBeUndefined();
  });
});

describe('RelativeTime', () => {
  it('shows the relative time with the exact time as tooltip', () => {
    const iso = new Date(Date.now() - 5 * 60_000).toISOString();
    render(<RelativeTime iso={iso} />);
    const time = screen.getByText('5 minutes ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', iso);
    expect(time).toHaveAttribute('title', iso);
  });

  it('says "unknown" for a missing or unreadable time unless told otherwise', () => {
    const { rerender } = render(<RelativeTime />);
    expect(screen.getByText('unknown')).toBeInTheDocument();
    rerender(<RelativeTime iso="not a date" />);
    expect(screen.getByText('unknown')).toBeInTheDocument();
    rerender(<RelativeTime fallback="never" />);
    expect(screen.getByText('never')).toBeInTheDocument();
  });
});
