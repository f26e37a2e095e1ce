/**
 * The value at percentile `p` (0..100) by the nearest-rank method;
 * undefined for no values. Median = percentile(values, 50).
 * @public
 */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
