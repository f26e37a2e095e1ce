import { parseMLModel } from './parseMLModel';

const NOW = Date.parse('2024-06-01T12:00:00Z');

function model(
  spec: unknown,
  status?: unknown,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'ml.supplychain.io/v1',
    kind: 'MLModel',
    metadata: {
      name: 'demand-forecasting-v2',
      namespace: 'supply-chain',
      creationTimestamp: '2024-06-01T11:00:00Z',
      labels: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
      ...extra,
    },
    spec,
    ...(status === undefined ? {} : { status }),
  };
}

const goodSpec = {
  modelName: 'demand-forecasting',
  modelVersion: 'v2.1.0',
  framework: 'tensorflow',
  resourceRequirements: { memory: '2Gi', cpu: '1000m', gpu: '1' },
  replicas: 3,
};
const ready = {
  deploymentStatus: 'ready',
  endpoint: 'http://demand:8080',
  lastUpdated: '2024-06-01T11:05:00Z',
};

describe('parseMLModel', () => {
  it('reads the seed example as a valid, ready model', () => {
    expect(
      parseMLModel(model(goodSpec, ready), { cluster: 'sandbox', now: NOW }),
    ).toEqual({
      cluster: 'sandbox',
      namespace: 'supply-chain',
      name: 'demand-forecasting-v2',
      spec: goodSpec,
      status: ready,
      valid: true,
      problems: [],
      stale: false,
      createdAt: '2024-06-01T11:00:00Z',
      labels: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
    });
  });

  const invalid: Array<[string, unknown, unknown, string[]]> = [
    [
      'replicas above 10',
      { ...goodSpec, replicas: 12 },
      ready,
      ['spec.replicas: must be at most 10 (got 12)'],
    ],
    [
      'replicas 0',
      { ...goodSpec, replicas: 0 },
      ready,
      ['spec.replicas: must be at least 1 (got 0)'],
    ],
    [
      'replicas not an integer',
      { ...goodSpec, replicas: 2.5 },
      ready,
      ['spec.replicas: must be an integer (got 2.5)'],
    ],
    [
      'replicas a string',
      { ...goodSpec, replicas: '3' },
      ready,
      ['spec.replicas: must be a number (got "3")'],
    ],
    [
      'framework not allowed',
      { ...goodSpec, framework: 'jax' },
      ready,
      [
        'spec.framework: must be one of tensorflow, pytorch, sklearn (got "jax")',
      ],
    ],
    [
      'modelName missing',
      { ...goodSpec, modelName: undefined },
      ready,
      ['spec.modelName: is required'],
    ],
    [
      'modelName empty',
      { ...goodSpec, modelName: '' },
      ready,
      ['spec.modelName: must not be empty'],
    ],
    [
      'resource requirement not a string',
      { ...goodSpec, resourceRequirements: { memory: 2 } },
      ready,
      ['spec.resourceRequirements.memory: must be a string (got 2)'],
    ],
    ['spec missing', undefined, undefined, ['spec.modelName: is required']],
    [
      'spec not an object',
      'oops',
      undefined,
      ['spec: must be an object (got "oops")'],
    ],
    [
      'unknown deploymentStatus',
      goodSpec,
      { ...ready, deploymentStatus: 'exploded' },
      [
        'status.deploymentStatus: must be one of pending, deploying, ready, failed (got "exploded")',
      ],
    ],
    [
      'lastUpdated not a date-time',
      goodSpec,
      { ...ready, lastUpdated: 'yesterday' },
      ['status.lastUpdated: must be a datetime (got "yesterday")'],
    ],
    [
      'two problems at once',
      { ...goodSpec, replicas: 11, framework: 'jax' },
      ready,
      [
        'spec.framework: must be one of tensorflow, pytorch, sklearn (got "jax")',
        'spec.replicas: must be at most 10 (got 11)',
      ],
    ],
  ];

  it.each(invalid)(
    '%s → invalid, naming the field',
    (_title, spec, status, problems) => {
      const parsed = parseMLModel(model(spec, status), { now: NOW });
      expect(parsed.valid).toBe(false);
      expect(parsed.problems).toEqual(problems);
    },
  );

  it('keeps the fields that are fine when one is not', () => {
    const parsed = parseMLModel(model({ ...goodSpec, replicas: 12 }, ready), {
      now: NOW,
    });
    expect(parsed.spec).toEqual({ ...goodSpec, replicas: undefined });
    expect(parsed.spec.replicas).toBeUndefined();
    expect(parsed.status.deploymentStatus).toBe('ready');
  });

  it.each([null, 42, 'x', [], {}])('never throws on %p', value => {
    const parsed = parseMLModel(value, { now: NOW });
    expect(parsed.valid).toBe(false);
    expect(parsed.problems.length).toBeGreaterThan(0);
  });

  it('names a wrong apiVersion', () => {
    const parsed = parseMLModel(
      { ...model(goodSpec, ready), apiVersion: 'ml.supplychain.io/v0' },
      { now: NOW },
    );
    expect(parsed.problems).toEqual([
      'apiVersion: must be ml.supplychain.io/v1 (got "ml.supplychain.io/v0")',
    ]);
  });

  it('reads the failure reason from the operator annotation', () => {
    const parsed = parseMLModel(
      model(
        goodSpec,
        { ...ready, deploymentStatus: 'failed' },
        {
          annotations: {
            'ml.supplychain.io/failure-reason':
              'Unschedulable: pod x: 0/4 nodes are available',
          },
        },
      ),
      { now: NOW },
    );
    expect(parsed.status).toMatchObject({
      deploymentStatus: 'failed',
      reason: 'Unschedulable: pod x: 0/4 nodes are available',
    });
    expect(parsed.valid).toBe(true);
  });

  const staleness: Array<[string, unknown, boolean]> = [
    [
      'ready long ago is not stale',
      { ...ready, lastUpdated: '2024-05-01T00:00:00Z' },
      false,
    ],
    [
      'failed long ago is not stale',
      { deploymentStatus: 'failed', lastUpdated: '2024-05-01T00:00:00Z' },
      false,
    ],
    [
      'deploying, updated 2 min ago',
      { deploymentStatus: 'deploying', lastUpdated: '2024-06-01T11:58:00Z' },
      false,
    ],
    [
      'deploying, updated 30 min ago',
      { deploymentStatus: 'deploying', lastUpdated: '2024-06-01T11:30:00Z' },
      true,
    ],
    ['pending without lastUpdated', { deploymentStatus: 'pending' }, true],
    ['no status 1 h after creation', undefined, true],
  ];
  it.each(staleness)('%s', (_t, status, stale) => {
    expect(parseMLModel(model(goodSpec, status), { now: NOW }).stale).toBe(
      stale,
    );
  });

  it('a brand-new model without status is not stale yet', () => {
    expect(
      parseMLModel(
        model(goodSpec, undefined, {
          creationTimestamp: '2024-06-01T11:59:30Z',
        }),
        { now: NOW },
      ).stale,
    ).toBe(false);
  });
});
