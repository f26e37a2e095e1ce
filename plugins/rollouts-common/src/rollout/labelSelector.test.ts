import { parseLabelSelector, selectorMatches } from './labelSelector';

describe('label selectors', () => {
  const labels = { app: 'inventory-service', tier: 'backend', version: 'v1' };
  it.each([
    ['app=inventory-service', true],
    ['app==inventory-service', true],
    ['app=order-service', false],
    ['app!=order-service', true],
    ['app!=inventory-service', false],
    ['tier in (backend, frontend)', true],
    ['tier notin (backend)', false],
    ['version', true],
    ['!version', false],
    ['!missing', true],
    ['app=inventory-service,tier in (backend),!canary', true],
    ['', true],
  ])('%s → %s', (text, want) => {
    const selector = parseLabelSelector(text);
    expect(selector).toBeDefined();
    expect(selectorMatches(selector, labels)).toBe(want);
  });

  it.each(['app=(x', 'a b c', 'app in x', '=x'])('rejects %s', text => {
    expect(parseLabelSelector(text)).toBeUndefined();
  });

  it('treats unknown operators as no match and empty selectors as match-all', () => {
    expect(
      selectorMatches(
        { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] },
        labels,
      ),
    ).toBe(false);
    expect(selectorMatches(undefined, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'x' } }, undefined)).toBe(
      false,
    );
  });

  it('a matchLabels selector (a Service, PDB or ServiceMonitor selector) selects labels carrying every pair', () => {
    const select = (matchLabels: Record<string, string>) =>
      selectorMatches({ matchLabels }, labels);
    expect(select({ app: 'inventory-service' })).toBe(true);
    expect(select({ app: 'inventory-service', tier: 'backend' })).toBe(true);
    expect(select({ app: 'inventory-service', tier: 'frontend' })).toBe(false);
    expect(select({ app: 'inventory-service', canary: 'true' })).toBe(false);
    expect(select({})).toBe(true);
  });
});
