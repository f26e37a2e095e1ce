import { renderServiceAccount } from './serviceAccount';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderServiceAccount', () => {
  it('names the account <name>-sa and mounts no token', () => {
    expect(renderServiceAccount(testServiceSpec())).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'returns-service-sa',
        namespace: 'supply-chain',
        labels: {
          app: 'returns-service',
          'backstage.io/kubernetes-id': 'returns-service',
        },
      },
      automountServiceAccountToken: false,
    });
  });
});
