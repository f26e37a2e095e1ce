/**
 * Kubernetes resource quantities (`250m`, `1`, `512Mi`, `2Gi`, `1e3`), parsed
 * to a number so requests and limits can be compared.
 */

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
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The grammar the apiserver accepts (resource.Quantity), without the sign. */
export const QUANTITY_PATTERN =
  /^(\d+(\.\d*)?|\.\d+)(([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/** Returns the quantity's value in base units, or undefined if it is not a quantity. */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY_PATTERN.exec(value);
  if (!match) {
    return undefined;
  }
  const number = Number(match[1]);
  const exponent = match[4];
  if (exponent) {
    return number * 10 ** Number(exponent.slice(1));
  }
  return number * SUFFIXES[match[5] ?? ''];
}
