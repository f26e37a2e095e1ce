const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "5 minutes ago" for an ISO time, relative to `now`. */
export function formatRelativeTime(
  iso: string,
  now: number = Date.now(),
): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return iso;
}

/** A relative time with the exact time as tooltip. */
export function RelativeTime(props: { iso?: string; fallback?: string }) {
  if (!props.iso) return <span>{props.fallback ?? 'never'}</span>;
  return (
    <time dateTime={props.iso} title={new Date(props.iso).toISOString()}>
      {formatRelativeTime(props.iso)}
    </time>
  );
}
