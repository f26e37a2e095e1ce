import {
  noDeploymentsMessage,
  parseMetricsWindow,
  previousWindow,
} from './window';

const now = new Date('2026-03-31T12:00:00.000Z');
const options = { now, retentionDays: 400 };

describe('parseMetricsWindow', () => {
  it('defaults to the last 30 days', () => {
    expect(parseMetricsWindow({}, options)).toEqual({
      ok: true,
      window: {
        from: '2026-03-01T12:00:00.000Z',
        to: '2026-03-31T12:00:00.000Z',
      },
    });
  });
  it('defaults to the retention when it is shorter than 30 days', () => {
    const r = parseMetricsWindow({}, { now, retentionDays: 7 });
    expect(r).toMatchObject({
      ok: true,
      window: { from: '2026-03-24T12:00:00.000Z' },
    });
  });
  it('accepts dates and date-times', () => {
    expect(
      parseMetricsWindow(
        { from: '2026-03-01', to: '2026-03-08T00:00:00Z' },
        options,
      ),
    ).toEqual({
      ok: true,
      window: {
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-08T00:00:00.000Z',
      },
    });
  });
  it('names from when it is not a date', () => {
    expect(parseMetricsWindow({ from: 'last tuesday' }, options)).toEqual({
      ok: false,
      parameter: 'from',
      message: 'from must be an ISO 8601 date or date-time',
    });
  });
  it('names to when it is not a string', () => {
    expect(parseMetricsWindow({ to: ['a', 'b'] }, options)).toMatchObject({
      ok: false,
      parameter: 'to',
    });
  });
  it('names to when the window ends before it starts', () => {
    const r = parseMetricsWindow(
      { from: '2026-03-08', to: '2026-03-01' },
      options,
    );
    expect(r).toMatchObject({ ok: false, parameter: 'to' });
    expect(!r.ok && r.message).toMatch(/to .* must be after from/);
  });
  it('names from when the window is longer than the retention', () => {
    const r = parseMetricsWindow(
      { from: '2026-03-01', to: '2026-03-31' },
      { now, retentionDays: 10 },
    );
    expect(r).toMatchObject({ ok: false, parameter: 'from' });
    expect(!r.ok && r.message).toMatch(/longer than the retention of 10 days/);
  });
  it('names from when it starts before the retained events', () => {
    const r = parseMetricsWindow(
      { from: '2024-01-01', to: '2024-01-08' },
      options,
    );
    expect(r).toMatchObject({ ok: false, parameter: 'from' });
    expect(!r.ok && r.message).toMatch(/before the retention of 400 days/);
  });
});

describe('previousWindow', () => {
  it('is the window of the same length just before', () => {
    expect(
      previousWindow({
        from: '2026-03-08T00:00:00.000Z',
        to: '2026-03-15T00:00:00.000Z',
      }),
    ).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-08T00:00:00.000Z',
    });
  });
});

it('says since when nothing was observed', () => {
  expect(noDeploymentsMessage('2026-03-01T00:00:00.000Z')).toBe(
    'no deployments observed since 2026-03-01T00:00:00.000Z',
  );
});
