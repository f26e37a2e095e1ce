import { parseQuantity, QUANTITY_PATTERN } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['100', 100],
    ['1500m', 1.5],
    ['250m', 0.25],
    ['1', 1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['2.', 2],
    ['512Mi', 512 * 1024 ** 2],
    ['2Gi', 2 * 1024 ** 3],
    ['1k', 1000],
    ['3M', 3e6],
    ['1E', 1e18],
    ['1e3', 1000],
    ['1.1e-3', 0.0011],
    ['5E2', 500],
    ['-1.5', -1.5],
    ['+2', 2],
    [' 100m ', 0.1],
  ])('%j is %d', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each(['', 'abc', '1x', '1.5.5', '1e3Ki', '1 Gi', 'Gi', '--1', '1e'])(
    '%j is not a quantity',
    text => expect(parseQuantity(text)).toBeUndefined(),
  );

  it('takes finite numbers as they are', () => {
    expect(parseQuantity(42)).toBe(42);
    expect(parseQuantity(Number.NaN)).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
  });
});

describe('QUANTITY_PATTERN', () => {
  it('is the unsigned grammar the apiserver accepts', () => {
    for (const ok of ['250m', '.5', '2.', '512Mi', '1e3', '1E']) {
      expect(QUANTITY_PATTERN.test(ok)).toBe(true);
    }
    for (const bad of ['-1', '+1', ' 1', '1e3Ki', '1KI', 'm']) {
      expect(QUANTITY_PATTERN.test(bad)).toBe(false);
    }
  });
});
