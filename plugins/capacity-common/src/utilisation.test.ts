import { parseCapacityPrices } from './cost';
import { nodeFacts } from './placement';
import { formatShare, nodeGroupUtilisation } from './utilisation';

const Gi = 1024 ** 3;
const node = (
  name: string,
  group: string,
  type: string,
  cpu: string,
  memory: string,
) =>
  nodeFacts({
    metadata: {
      name,
      labels: {
        'eks.amazonaws.com/nodegroup': group,
        'node.kubernetes.io/instance-type': type,
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
    },
    status: { allocatable: { cpu, memory } },
  });
const nodes = [
  node('g-1', 'general', 't3.medium', '2', '4Gi'),
  node('g-2', 'general', 't3.large', '2', '8Gi'),
  node('m-1', 'ml', 'c5.2xlarge', '8', '16Gi'),
];
const pods = [
  { nodeName: 'g-1', requests: { cpu: 1, memory: 1 * Gi } },
  { nodeName: 'g-2', requests: { cpu: 0.5, memory: 2 * Gi } },
  { nodeName: 'm-1', requests: { cpu: 2 } },
  { requests: { cpu: 4 } }, // pending: on no node
];
const prices = parseCapacityPrices([
  { instanceType: 't3.medium', hourlyPrice: 0.04 },
  { instanceType: 't3.large', hourlyPrice: 0.08 },
]);

describe('nodeGroupUtilisation', () => {
  it("sums each group's allocatable, its pods' requests and its nodes' usage, as shares", () => {
    const usage = new Map([
      ['g-1', { cpu: 0.4, memory: 2 * Gi }],
      ['g-2', { cpu: 0.6, memory: 1 * Gi }],
    ]);
    const [general, ml] = nodeGroupUtilisation(nodes, pods, usage, prices);
    expect(general).toEqual({
      nodeGroup: 'general',
      nodes: ['g-1', 'g-2'],
      instanceTypes: ['t3.large', 't3.medium'],
      capacityTypes: ['ON_DEMAND'],
      allocatable: { cpu: 4, memory: 12 * Gi },
      requested: { cpu: 1.5, memory: 3 * Gi },
      requestedShare: { cpu: 0.375, memory: 0.25 },
      used: { cpu: 1, memory: 3 * Gi },
      usedShare: { cpu: 0.25, memory: 0.25 },
      monthlyPrice: expect.closeTo(0.12 * 730, 10),
      missing: [],
    });
    expect(ml.requested).toEqual({ cpu: 2, memory: 0 });
    expect(ml.used).toBeUndefined();
    expect(ml.monthlyPrice).toBeUndefined();
    expect(ml.missing).toEqual([
      'no metrics.k8s.io usage for m-1',
      'no price configured for ml (c5.2xlarge, ON_DEMAND)',
    ]);
  });

  it('a group without pods requests nothing; unreadable pods leave requests out', () => {
    const [, ml] = nodeGroupUtilisation(nodes, [], undefined, prices);
    expect(ml.requested).toEqual({ cpu: 0, memory: 0 });
    expect(ml.requestedShare).toEqual({ cpu: 0, memory: 0 });
    const [general] = nodeGroupUtilisation(nodes, undefined, undefined, prices);
    expect(general.requested).toBeUndefined();
    expect(general.allocatable).toEqual({ cpu: 4, memory: 12 * Gi });
  });
});

describe('formatShare', () => {
  it('shows a share as whole percent', () => {
    expect(formatShare(0.35)).toBe('35%');
    expect(formatShare(0.784)).toBe('78%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(1.25)).toBe('125%');
  });
});
