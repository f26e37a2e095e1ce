import {
  formatIstioPrincipal,
  parseIstioPrincipal,
  principalPatternMatches,
} from './istioPrincipal';

describe('parseIstioPrincipal', () => {
  it.each([
    [
      'cluster.local/ns/supply-chain/sa/order-service-sa',
      {
        trustDomain: 'cluster.local',
        namespace: 'supply-chain',
        serviceAccount: 'order-service-sa',
      },
    ],
    [
      'spiffe://cluster.local/ns/supply-chain/sa/admin-sa',
      {
        trustDomain: 'cluster.local',
        namespace: 'supply-chain',
        serviceAccount: 'admin-sa',
      },
    ],
    [
      'example.org/ns/ml/sa/trainer',
      {
        trustDomain: 'example.org',
        namespace: 'ml',
        serviceAccount: 'trainer',
      },
    ],
    ['*', undefined],
    ['cluster.local/ns/supply-chain/sa/*', undefined],
    ['cluster.local/ns/supply-chain', undefined],
    ['component:default/order-service', undefined],
    ['', undefined],
  ])('%s', (input, expected) => {
    expect(parseIstioPrincipal(input)).toEqual(expected);
  });

  it('formats a principal', () => {
    expect(formatIstioPrincipal('supply-chain', 'order-service-sa')).toBe(
      'cluster.local/ns/supply-chain/sa/order-service-sa',
    );
  });

  it.each([
    ['*', 'cluster.local/ns/a/sa/b', true],
    ['cluster.local/ns/a/*', 'cluster.local/ns/a/sa/b', true],
    ['cluster.local/ns/a/*', 'cluster.local/ns/x/sa/b', false],
    ['*/sa/b', 'cluster.local/ns/a/sa/b', true],
    ['cluster.local/ns/a/sa/b', 'cluster.local/ns/a/sa/b', true],
    ['cluster.local/ns/a/sa/b', 'cluster.local/ns/a/sa/c', false],
  ])('pattern %s vs %s → %s', (pattern, principal, expected) => {
    expect(principalPatternMatches(pattern, principal)).toBe(expected);
  });
});
