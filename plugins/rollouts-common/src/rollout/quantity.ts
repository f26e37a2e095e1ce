const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

/**
 * Parses a Kubernetes resource quantity ("100m", "1.5", "2Gi", "1e3") to a number;
 * undefined when it is not one.
 * @public
 */
export function parseQuantity(
  value: string | number | undefined,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : undefined;
  const m =
    /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/.exec(
      value.trim(),
    );
  if (!m) return undefined;
  return Number(m[1]) * SUFFIXES[m[2] ?? ''];
}
