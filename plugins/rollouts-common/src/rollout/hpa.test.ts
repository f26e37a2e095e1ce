import { hpa } from '../__fixtures__/objects';
import { HpaMetric } from '../kubernetesObjects';
import { computeHpaStatus, hpaTargetsDeployment } from './hpa';
import { deployment } from '../__fixtures__/objects';

const metricsNow = (cpu: number, memory: number, rps: string): HpaMetric[] => [
  {
    type: 'Resource',
    resource: { name: 'cpu', current: { averageUtilization: cpu } },
  },
  {
    type: 'Resource',
    resource: { name: 'memory', current: { averageUtilization: memory } },
  },
  {
    type: 'Pods',
    pods: {
      metric: { name: 'http_requests_per_second' },
      current: { averageValue: rps },
    },
  },
];

describe('computeHpaStatus', () => {
  const cases = [
    {
      title: 'within bounds, below target',
      hpa: hpa({
        currentReplicas: 3,
        desiredReplicas: 3,
        currentMetrics: metricsNow(40, 50, '60'),
      }),
      capped: false,
      cappedReason: undefined,
    },
    {
      title: 'at max with cpu above target → capped at max',
      hpa: hpa({
        currentReplicas: 20,
        desiredReplicas: 20,
        currentMetrics: metricsNow(180, 50, '60'),
      }),
      capped: true,
      cappedReason:
        'desired replicas clamped to maxReplicas 20: cpu 180% above target 70%',
    },
    {
      title: 'at max with requests 1500m (1.5) below target 100 → not capped',
      hpa: hpa({
        currentReplicas: 20,
        desiredReplicas: 20,
        currentMetrics: metricsNow(60, 50, '1500m'),
      }),
      capped: false,
      cappedReason: undefined,
    },
    {
      title: 'at max with requests 250 > 100 → capped',
      hpa: hpa({
        currentReplicas: 20,
        desiredReplicas: 20,
        currentMetrics: metricsNow(60, 50, '250'),
      }),
      capped: true,
      cappedReason:
        'desired replicas clamped to maxReplicas 20: http_requests_per_second 250 above target 100',
    },
    {
      title: 'at max but below target → not capped',
      hpa: hpa({
        currentReplicas: 20,
        desiredReplicas: 20,
        currentMetrics: metricsNow(60, 50, '60'),
      }),
      capped: false,
      cappedReason: undefined,
    },
    {
      title: 'ScalingLimited TooManyReplicas from the controller',
      hpa: hpa({
        currentReplicas: 5,
        desiredReplicas: 5,
        max: 5,
        conditions: [
          {
            type: 'ScalingLimited',
            status: 'True',
            reason: 'TooManyReplicas',
            message:
              'the desired replica count is more than the maximum replica count',
          },
        ],
      }),
      capped: true,
      cappedReason:
        'desired replicas clamped to maxReplicas 5 (the desired replica count is more than the maximum replica count)',
    },
    {
      title: 'ScalingLimited TooFewReplicas → capped at min',
      hpa: hpa({
        currentReplicas: 2,
        desiredReplicas: 2,
        conditions: [
          {
            type: 'ScalingLimited',
            status: 'True',
            reason: 'TooFewReplicas',
            message:
              'the desired replica count is less than the minimum replica count',
          },
        ],
      }),
      capped: true,
      cappedReason:
        'desired replicas clamped to minReplicas 2 (the desired replica count is less than the minimum replica count)',
    },
    {
      title: 'ScalingLimited False → not capped',
      hpa: hpa({
        conditions: [
          {
            type: 'ScalingLimited',
            status: 'False',
            reason: 'DesiredWithinRange',
          },
        ],
      }),
      capped: false,
      cappedReason: undefined,
    },
  ];
  it.each(cases)('$title', ({ hpa: h, capped, cappedReason }) => {
    const s = computeHpaStatus(h);
    expect(s.capped).toBe(capped);
    expect(s.cappedReason).toBe(cappedReason);
  });

  it('lists metrics with current and target in words', () => {
    const s = computeHpaStatus(
      hpa({
        currentReplicas: 4,
        desiredReplicas: 6,
        currentMetrics: metricsNow(85, 50, '120'),
      }),
    );
    expect(s).toMatchObject({ min: 2, max: 20, current: 4, desired: 6 });
    expect(s.metrics).toEqual([
      {
        name: 'cpu',
        type: 'Resource',
        current: '85%',
        target: '70%',
        aboveTarget: true,
      },
      {
        name: 'memory',
        type: 'Resource',
        current: '50%',
        target: '80%',
        aboveTarget: false,
      },
      {
        name: 'http_requests_per_second',
        type: 'Pods',
        current: '120',
        target: '100',
        aboveTarget: true,
      },
    ]);
  });

  it('shows metrics without a reported value (no metrics server) and says why', () => {
    const s = computeHpaStatus(
      hpa({
        conditions: [
          {
            type: 'ScalingActive',
            status: 'False',
            reason: 'FailedGetResourceMetric',
            message: 'unable to get metrics for resource cpu',
          },
        ],
      }),
    );
    expect(s.metrics[0]).toEqual({
      name: 'cpu',
      type: 'Resource',
      target: '70%',
      current: undefined,
      aboveTarget: undefined,
    });
    expect(s.problems).toEqual([
      'ScalingActive is False (FailedGetResourceMetric): unable to get metrics for resource cpu',
    ]);
  });

  it('defaults minReplicas to 1', () => {
    const h = hpa();
    delete h.spec.minReplicas;
    expect(computeHpaStatus(h).min).toBe(1);
  });

  it('knows which Deployment an HPA scales', () => {
    expect(hpaTargetsDeployment(hpa(), deployment())).toBe(true);
    expect(
      hpaTargetsDeployment(hpa({ target: 'order-service' }), deployment()),
    ).toBe(false);
    const other = hpa();
    other.metadata.namespace = 'elsewhere';
    expect(hpaTargetsDeployment(other, deployment())).toBe(false);
  });
});
