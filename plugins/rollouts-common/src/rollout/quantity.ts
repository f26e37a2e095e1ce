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
 * The grammar of a Kubernetes resource quantity as the apiserver accepts it
 * (resource.Quantity: `250m`, `1`, `.5`, `512Mi`, `1e3`), without the sign.
 * @public
 */
export const QUANTITY_PATTERN =
  /^(\d+(\.\d*)?|\.\d+)(([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/**
 * Parses a Kubernetes resource quantity ("100m", "-1.5", "2Gi", "1e3") to a
 * number in base units; undefined when it is not one.
 * @public
 */
export function parseQuantity(
  value: string | number | undefined,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : undefined;
  const text = value.trim();
  const sign = text.startsWith('-') ? -1 : 1;
  const m = QUANTITY_PATTERN.exec(text.replace(/^[+-]/, ''));
  if (!m) return undefined;
  if (m[4]) return sign * Number(m[1] + m[4]);
  return sign * Number(m[1]) * SUFFIXES[m[5] ?? ''];
}
