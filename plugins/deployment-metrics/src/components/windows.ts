/** The windows a user picks from: the last N days. */
export const WINDOW_OPTIONS = [
  { id: '7', label: 'Last 7 days' },
  { id: '30', label: 'Last 30 days' },
  { id: '90', label: 'Last 90 days' },
];

/** `{ from, to }` of the last `days` days, to the minute (stable across renders). */
export function lastDays(days: number, now = Date.now()) {
  const to = Math.ceil(now / 60_000) * 60_000;
  return {
    from: new Date(to - days * 86_400_000).toISOString(),
    to: new Date(to).toISOString(),
  };
}
