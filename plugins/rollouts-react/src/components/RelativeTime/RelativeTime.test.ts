import { formatAge, formatRelativeTime } from './RelativeTime';

const now = new Date('2026-03-01T12:00:00Z');

describe('formatRelativeTime', () => {
  it.each([
    ['2026-03-01T11:59:30Z', '30 seconds ago'],
    ['2026-03-01T11:55:00Z', '5 minutes ago'],
    ['2026-03-01T09:00:00Z', '3 hours ago'],
    ['2026-02-27T12:00:00Z', '2 days ago'],
  ])('%s is %s', (iso, text) => {
    expect(formatRelativeTime(iso, now)).toBe(text);
  });

  it('returns undefined for missing or broken times', () => {
    expect(formatRelativeTime(undefined, now)).toBeUndefined();
    expect(formatRelativeTime('yesterday', now)).toBeUndefined();
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
});
