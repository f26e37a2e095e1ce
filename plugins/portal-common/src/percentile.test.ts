import { percentile } from './percentile';

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, undefined],
    [[7], 99, 7],
    [[1, 2], 50, 1],
    [[3, 1, 2], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 100, 4],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 20], 90, 20],
    [[7, 8], 0, 7],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95],
  ])('%j p%d → %s', (values, p, want) => {
    expect(percentile(values, p)).toBe(want);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});
