import { InputError } from '@backstage/errors';
import { parseServiceSpec, ServiceSpecInput } from './serviceSpec';
import { testServiceInput as input } from './service/__testUtils__/testSpec';

describe('parseServiceSpec', () => {
  const cases: Array<
    [string, Partial<ServiceSpecInput> | Record<string, unknown>, string]
  > = [
    [
      'upper-case name',
      { name: 'Returns' },
      'name: name must be lower-case letters',
    ],
    [
      'name with underscore',
      { name: 'returns_service' },
      'name: name must be lower-case letters',
    ],
    [
      'too long name',
      { name: 'a'.repeat(43) },
      'name: name must be at most 42 characters',
    ],
    ['reserved name', { name: 'argocd' }, "name: name 'argocd' is reserved"],
    [
      'port below 1024',
      { httpPort: 80 },
      'httpPort: httpPort must be between 1024 and 65535',
    ],
    [
      'port above 65535',
      { httpPort: 70000 },
      'httpPort: httpPort must be between 1024 and 65535',
    ],
    [
      'clashing ports',
      { grpc: true, grpcPort: 8080 },
      'grpcPort: grpcPort 8080 clashes with httpPort',
    ],
    [
      'replicas out of range',
      { replicas: 0 },
      'replicas: replicas must be between 1 and 50',
    ],
    [
      'replicas outside the HPA range',
      { replicas: 30 },
      'replicas: replicas (30) must lie between minReplicas (2) and maxReplicas (20)',
    ],
    [
      'min above max',
      { minReplicas: 5, maxReplicas: 3, replicas: 4 },
      'minReplicas: minReplicas (5) must not exceed maxReplicas (3)',
    ],
    [
      'bad quantity',
      { resources: { requests: { cpu: 'lots' } } },
      'resources.requests.cpu: resources.requests.cpu must be a Kubernetes quantity',
    ],
    [
      'request above limit',
      { resources: { requests: { memory: '1Gi' } } },
      'resources.requests.memory: resources.requests.memory (1Gi) must not exceed resources.limits.memory (512Mi)',
    ],
    [
      'VPA bound that is not a quantity',
      { vpa: { enabled: true, minAllowed: { cpu: 'lots' } } },
      'vpa.minAllowed.cpu: vpa.minAllowed.cpu must be a positive Kubernetes quantity',
    ],
    [
      'VPA bound of zero',
      { vpa: { enabled: true, maxAllowed: { memory: '0' } } },
      'vpa.maxAllowed.memory: vpa.maxAllowed.memory must be a positive Kubernetes quantity',
    ],
    [
      'VPA min above max',
      {
        vpa: {
          enabled: true,
          minAllowed: { memory: '2Gi' },
          maxAllowed: { memory: '1Gi' },
        },
        resources: {
          requests: { memory: '1536Mi' },
          limits: { memory: '4Gi' },
        },
      },
      'vpa.minAllowed.memory: vpa.minAllowed.memory (2Gi) must not exceed vpa.maxAllowed.memory (1Gi)',
    ],
    [
      "VPA minimum above the container's request",
      { vpa: { enabled: true, minAllowed: { cpu: '500m' } } },
      "vpa.minAllowed.cpu: vpa.minAllowed.cpu (500m) must not exceed the container's request resources.requests.cpu (250m)",
    ],
    [
      "VPA maximum below the container's request",
      { vpa: { enabled: true, maxAllowed: { memory: '128Mi' } } },
      "vpa.maxAllowed.memory: vpa.maxAllowed.memory (128Mi) must not be below the container's request resources.requests.memory (256Mi)",
    ],
    [
      'VPA mode not offered',
      { vpa: { enabled: true, updateMode: 'InPlaceOrRecreate' } },
      'vpa.updateMode: vpa.updateMode must be one of Off, Initial, Recreate, Auto',
    ],
    [
      'VPA changing pods next to the HPA',
      { vpa: { enabled: true, updateMode: 'Auto' } },
      "vpa.updateMode: vpa.updateMode Auto changes the pods' cpu and memory requests, which the HPA (include.hpa) scales on",
    ],
    [
      'unknown VPA field',
      { vpa: { enabled: true, mode: 'Auto' } },
      "vpa: Unrecognized key(s) in object: 'mode'",
    ],
    [
      'bad owner',
      { owner: 'group:default/' },
      'owner: owner must be an entity reference',
    ],
    [
      'unbound repo URL',
      { gitops: { repoUrl: 'https://github.com//returns-service' } },
      'gitops.repoUrl: gitops.repoUrl has an empty path segment',
    ],
    [
      'undefined in repo URL',
      { gitops: { repoUrl: 'https://github.com/undefined/returns' } },
      'gitops.repoUrl: gitops.repoUrl has an empty path segment',
    ],
    [
      'Argo CD without GitOps repo',
      { gitops: undefined },
      'gitops: gitops.repoUrl is required',
    ],
    [
      'Argo CD without kustomize',
      { include: { kustomize: false } },
      'include.kustomize: the Argo CD Application deploys the production overlay',
    ],
    [
      'unknown field',
      { replica: 3 },
      "Unrecognized key(s) in object: 'replica'",
    ],
  ];

  it.each(cases)('%s: InputError naming the field', (_, overrides, message) => {
    let error: unknown;
    try {
      parseServiceSpec({ ...input(), ...overrides });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(message);
  });

  it('a VPA that only recommends fits next to the HPA; one that changes pods needs the HPA off', () => {
    expect(
      parseServiceSpec({ ...input(), vpa: { enabled: true } }).vpa,
    ).toEqual({
      enabled: true,
      updateMode: 'Off',
      minAllowed: {},
      maxAllowed: {},
    });
    for (const updateMode of ['Initial', 'Recreate', 'Auto'] as const) {
      expect(
        parseServiceSpec({
          ...input(),
          vpa: { enabled: true, updateMode },
          include: { hpa: false },
        }).vpa.updateMode,
      ).toBe(updateMode);
    }
  });

  it('checks nothing of a VPA that is off', () => {
    expect(
      parseServiceSpec({
        ...input(),
        vpa: { updateMode: 'Auto', minAllowed: { cpu: '8' } },
      }).vpa.enabled,
    ).toBe(false);
  });

  it('fills in the platform defaults', () => {
    expect(parseServiceSpec(input())).toMatchObject({
      namespace: 'supply-chain',
      version: 'v0.1.0',
      httpPort: 8080,
      grpc: false,
      replicas: 3,
      minReplicas: 2,
      maxReplicas: 20,
      include: { hpa: true, kustomize: true, argocdApplication: true },
    });
  });
});
