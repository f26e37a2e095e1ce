/** A nullable number column (PostgreSQL returns bigint as a string). */
export const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

/** A nullable epoch-milliseconds column as an ISO time. */
export const iso = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : new Date(Number(v)).toISOString();

/** Whole seconds from start to end; a negative span is a clock skew, not a duration. */
export function durationOf(start: number, end: number) {
  const ms = end - start;
  return ms < 0
    ? { seconds: 0, clockSkew: true }
    : { seconds: Math.round(ms / 1000), clockSkew: false };
}
