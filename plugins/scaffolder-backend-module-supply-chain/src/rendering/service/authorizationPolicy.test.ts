import {
  allowedPrincipals,
  renderAuthorizationPolicy,
} from './authorizationPolicy';
import {
  mlCaller,
  orderCaller,
  testServiceSpec,
} from './__testUtils__/testSpec';

describe('renderAuthorizationPolicy', () => {
  it('allows exactly the catalog callers, sorted and deduplicated, plus the admin account', () => {
    const spec = testServiceSpec({
      adminServiceAccount: 'admin-sa',
      extraCallers: [{ serviceAccount: 'batch-sa', namespace: 'jobs' }],
    });
    const callers = [orderCaller, mlCaller, orderCaller];
    const policy = renderAuthorizationPolicy(spec, callers) as any;
    expect(policy.metadata.name).toBe('returns-service-authz');
    expect(policy.spec.rules[0]).toEqual({
      from: [
        {
          source: {
            principals: [
              'cluster.local/ns/jobs/sa/batch-sa',
              'cluster.local/ns/supply-chain/sa/ml-prediction-service-sa',
              'cluster.local/ns/supply-chain/sa/order-service-sa',
            ],
          },
        },
      ],
      to: [{ operation: { methods: ['GET', 'POST', 'PUT'] } }],
    });
    expect(policy.spec.rules[1]).toEqual({
      from: [
        {
          source: { principals: ['cluster.local/ns/supply-chain/sa/admin-sa'] },
        },
      ],
      to: [{ operation: { methods: ['*'] } }],
    });
    expect(allowedPrincipals(spec, callers)).toHaveLength(4);
  });

  it('with no callers, allows only probes and scrapes', () => {
    const policy = renderAuthorizationPolicy(testServiceSpec(), []) as any;
    expect(policy.spec.rules).toEqual([
      {
        to: [
          {
            operation: {
              methods: ['GET'],
              paths: ['/health', '/metrics', '/ready'],
            },
          },
        ],
      },
    ]);
  });
});
