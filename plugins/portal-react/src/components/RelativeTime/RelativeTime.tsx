const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

// one formatter for every call: a list of rows renders many times
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** Seconds from `now` to `iso` (negative: in the past); undefined when missing or unreadable. */
function secondsFrom(
  iso: string | undefined,
  now: Date | number,
): number | undefined {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return undefined;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return Math.round((time - nowMs) / 1000);
}

/**
 * "3 minutes ago", "yesterday", "in 2 hours", rounded to the nearest whole
 * unit; undefined for a missing or unreadable time.
 *
 * @public
 */
export function formatRelativeTime(
  iso: string | undefined,
  now: Date | number = Date.now(),
): string | undefined {
  const seconds = secondsFrom(iso, now);
  if (seconds === undefined) return undefined;
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return undefined;
}

/**
 * Age of an object in kubectl style: 45s, 12m, 3h, 5d.
 *
 * @public
 */
export function formatAge(
  iso: string | undefined,
  now: Date | number = Date.now(),
): string | undefined {
  const from = secondsFrom(iso, now);
  if (from === undefined) return undefined;
  const seconds = Math.max(0, -from);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/**
 * A time shown relative to now, with the exact time as a tooltip; `fallback`
 * (default "unknown") when the time is missing or unreadable.
 *
 * @public
 */
export function RelativeTime(props: { iso?: string; fallback?: string }) {
  const { iso, fallback = 'unknown' } = props;
  const text = formatRelativeTime(iso);
  if (!iso || !text) {
    return <span>{fallback}</span>;
  }
  return (
    <time dateTime={iso} title={new Date(iso).toISOString()}>
      {text}
    </time>
  );
}
