import {
  DEFAULT_HISTORY_LIMIT,
  MAX_HISTORY_LIMIT,
  orderHistory,
  parseHistoryLimit,
} from './history';

const entry = (
  id: number,
  deployedAt = `2026-01-${String(id).padStart(2, '0')}T00:00:00Z`,
) => ({
  id,
  deployedAt,
});

describe('orderHistory', () => {
  it.each([
    ['empty', [], 10, []],
    ['null', null, 10, []],
    ['newest first', [entry(1), entry(3), entry(2)], 10, [3, 2, 1]],
    ['bounded', [entry(1), entry(2), entry(3), entry(4)], 2, [4, 3]],
    ['limit 0', [entry(1)], 0, []],
    [
      'never more than the maximum',
      Array.from({ length: 80 }, (_, i) => entry(i + 1)),
      500,
      Array.from({ length: MAX_HISTORY_LIMIT }, (_, i) => 80 - i),
    ],
  ])('%s', (_, history, limit, ids) => {
    expect(orderHistory(history as any, limit).map(e => e.id)).toEqual(ids);
  });

  it('the same id: the later deployment first', () => {
    const ordered = orderHistory([
      entry(5, '2026-01-01T00:00:00Z'),
      entry(5, '2026-02-01T00:00:00Z'),
    ]);
    expect(ordered.map(e => e.deployedAt)).toEqual([
      '2026-02-01T00:00:00Z',
      '2026-01-01T00:00:00Z',
    ]);
  });

  it('defaults to the default limit', () => {
    const many = Array.from({ length: 30 }, (_, i) => entry(i + 1));
    expect(orderHistory(many)).toHaveLength(DEFAULT_HISTORY_LIMIT);
  });
});

describe('parseHistoryLimit', () => {
  it.each([
    [undefined, { ok: true, limit: DEFAULT_HISTORY_LIMIT }],
    ['', { ok: true, limit: DEFAULT_HISTORY_LIMIT }],
    ['1', { ok: true, limit: 1 }],
    ['50', { ok: true, limit: 50 }],
    ['0', { ok: false }],
    ['51', { ok: false }],
    ['-3', { ok: false }],
    ['2.5', { ok: false }],
    ['ten', { ok: false }],
    [['1', '2'], { ok: false }],
  ])('%j → %j', (raw, expected) => {
    expect(parseHistoryLimit(raw)).toMatchObject(expected);
  });

  it('names the field and the range', () => {
    expect(parseHistoryLimit('x')).toEqual({
      ok: false,
      message: 'limit must be an integer from 1 to 50',
    });
  });
});
