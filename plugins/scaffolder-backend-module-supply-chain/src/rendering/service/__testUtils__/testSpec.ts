import { parseServiceSpec, ServiceSpecInput } from '../../serviceSpec';

export const testGitops = {
  repoUrl: 'https://git.example.com/platform/gitops.git',
};

/** The input of returns-service, with the fields a test sets. */
export function testServiceInput(
  overrides: Partial<ServiceSpecInput> = {},
): ServiceSpecInput {
  return {
    name: 'returns-service',
    owner: 'group:default/fulfillment-team',
    gitops: testGitops,
    ...overrides,
  };
}

/** The parsed spec of returns-service, every default filled in. */
export function testServiceSpec(overrides: Partial<ServiceSpecInput> = {}) {
  return parseServiceSpec(testServiceInput(overrides));
}

export const orderCaller = {
  serviceAccount: 'order-service-sa',
  namespace: 'supply-chain',
};
export const mlCaller = {
  serviceAccount: 'ml-prediction-service-sa',
  namespace: 'supply-chain',
};
