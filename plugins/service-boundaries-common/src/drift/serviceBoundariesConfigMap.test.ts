import {
  parseServiceBoundaryText,
  responsibilitiesFromConfigMapText,
} from './serviceBoundariesConfigMap';

describe('parseServiceBoundaryText', () => {
  it('reads the seed entry of inventory-service', () => {
    const text = `Responsibilities:
- Product catalog management
- Stock level tracking
- Inventory allocation/deallocation
- Low stock alerts
Dependencies:
- PostgreSQL database
- Redis cache
- Notification service
`;
    expect(parseServiceBoundaryText(text)).toEqual({
      responsibilities: [
        'Product catalog management',
        'Stock level tracking',
        'Inventory allocation/deallocation',
        'Low stock alerts',
      ],
      dependencies: [
        'PostgreSQL database',
        'Redis cache',
        'Notification service',
      ],
    });
  });

  it.each([
    ['empty text', '', []],
    ['no Responsibilities header', 'Dependencies:\n- Redis cache\n', []],
    [
      'indented, * bullets, CRLF',
      '  Responsibilities:\r\n  * A\r\n  * B\r\n',
      ['A', 'B'],
    ],
    [
      'continuation lines',
      'Responsibilities:\n- Order fulfillment\n  workflow\n',
      ['Order fulfillment workflow'],
    ],
    ['comments and blank lines', 'Responsibilities:\n\n# note\n- A\n', ['A']],
    [
      'bullets before any header are ignored',
      '- stray\nResponsibilities:\n- A\n',
      ['A'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(responsibilitiesFromConfigMapText(text)).toEqual(expected);
  });

  it('keeps other sections under a camel-case key', () => {
    expect(parseServiceBoundaryText('Data Owners:\n- ml-team\n')).toEqual({
      dataOwners: ['ml-team'],
    });
  });
});
