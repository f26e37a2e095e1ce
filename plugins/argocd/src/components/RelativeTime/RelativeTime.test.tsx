import { formatRelativeTime } from './RelativeTime';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    ['2026-03-01T11:59:30Z', '30 seconds ago'],
    ['2026-03-01T11:55:00Z', '5 minutes ago'],
    ['2026-03-01T09:00:00Z', '3 hours ago'],
    ['2026-02-28T12:00:00Z', 'yesterday'],
    ['2026-01-01T12:00:00Z', '2 months ago'],
    ['not a date', 'not a date'],
  ])('%s → %s', (iso, text) => {
    expect(formatRelativeTime(iso, now)).toBe(text);
  });
});
