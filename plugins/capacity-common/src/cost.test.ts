import {
  COST_BASIS,
  deploymentCost,
  nodeHourlyPrice,
  parseCapacityPrices,
  shareOfNode,
} from './cost';
import { nodeFacts } from './placement';

const Gi = 1024 ** 3;

const node = (
  name: string,
  group: string,
  type: string,
  capacityType: string | undefined,
  allocatable: Record<string, string>,
) =>
  nodeFacts({
    metadata: {
      name,
      labels: {
        'eks.amazonaws.com/nodegroup': group,
        'node.kubernetes.io/instance-type': type,
        ...(capacityType
          ? { 'eks.amazonaws.com/capacityType': capacityType }
          : {}),
      },
    },
    status: { allocatable },
  });
const general1 = node(
  'general-workload-1',
  'general-workload',
  't3.medium',
  'ON_DEMAND',
  { cpu: '2', memory: '4Gi' },
);
const general2 = node(
  'general-workload-2',
  'general-workload',
  't3.large',
  'ON_DEMAND',
  { cpu: '2', memory: '8Gi' },
);
const ml1 = node('ml-workload-1', 'ml-workload', 'c5.2xlarge', 'SPOT', {
  cpu: '8',
  memory: '16Gi',
});
const nodes = [general1, general2, ml1];

const prices = parseCapacityPrices([
  { instanceType: 't3.medium', hourlyPrice: 0.0416 },
  { instanceType: 't3.large', capacityType: 'ON_DEMAND', hourlyPrice: 0.0832 },
  { nodeGroup: 'ml-workload', capacityType: 'SPOT', hourlyPrice: 0.136 },
]);

describe('parseCapacityPrices', () => {
  it('reads the list, ON_DEMAND by default, USD by default', () => {
    expect(prices.currency).toBe('USD');
    expect(prices.prices[0]).toEqual({
      instanceType: 't3.medium',
      capacityType: 'ON_DEMAND',
      hourlyPrice: 0.0416,
    });
    expect(parseCapacityPrices(undefined, 'EUR')).toEqual({
      currency: 'EUR',
      prices: [],
    });
  });

  it('names the field of bad config', () => {
    expect(() =>
      parseCapacityPrices([{ nodeGroup: 'a', hourlyPrice: '0.1' }]),
    ).toThrow(
      'capacity.prices.0.hourlyPrice: must be a number (price per node-hour)',
    );
    expect(() =>
      parseCapacityPrices([
        { nodeGroup: 'a', hourlyPrice: 1 },
        { nodeGroup: 'a', capacityType: 'spot', hourlyPrice: 1 },
      ]),
    ).toThrow('capacity.prices.1.capacityType: must be ON_DEMAND or SPOT');
    expect(() =>
      parseCapacityPrices([
        { nodeGroup: 'a', instanceType: 'b', hourlyPrice: 1 },
      ]),
    ).toThrow(
      'capacity.prices.0: set exactly one of nodeGroup and instanceType',
    );
    expect(() =>
      parseCapacityPrices([{ nodeGroup: 'a', hourlyPrice: -1 }]),
    ).toThrow('capacity.prices.0.hourlyPrice: must not be negative');
    expect(() =>
      parseCapacityPrices([
        { nodeGroup: 'a', hourlyPrice: 1 },
        { nodeGroup: 'a', hourlyPrice: 2 },
      ]),
    ).toThrow('capacity.prices.1: a second price for nodeGroup a ON_DEMAND');
    expect(() => parseCapacityPrices({ a: 1 })).toThrow(
      'capacity.prices: must be a list of prices',
    );
    expect(() => parseCapacityPrices([], 3)).toThrow(
      'capacity.currency: must be a currency code such as USD',
    );
  });
});

describe('nodeHourlyPrice', () => {
  it("takes the node group's price for the node's capacity type, else the instance type's", () => {
    expect(nodeHourlyPrice(ml1, prices)).toEqual({
      hourlyPrice: 0.136,
      source: 'node group ml-workload, SPOT',
    });
    expect(nodeHourlyPrice(general2, prices)).toEqual({
      hourlyPrice: 0.0832,
      source: 'instance type t3.large, ON_DEMAND',
    });
  });
  it('says which node group has no price', () => {
    const onDemandMl = { ...ml1, capacityType: 'ON_DEMAND' };
    expect(nodeHourlyPrice(onDemandMl, prices)).toEqual({
      missing: 'no price configured for ml-workload (c5.2xlarge, ON_DEMAND)',
    });
  });
  it('prices a node without a capacity type label as ON_DEMAND', () => {
    const unlabelled = node('x', 'general-workload', 't3.large', undefined, {});
    expect(nodeHourlyPrice(unlabelled, prices)).toMatchObject({
      hourlyPrice: 0.0832,
    });
  });
});

describe('shareOfNode', () => {
  it("is the larger of the cpu and the memory share of the node's allocatable", () => {
    expect(shareOfNode({ cpu: 0.5, memory: 4 * Gi }, ml1.allocatable)).toBe(
      0.25,
    );
    expect(shareOfNode({ cpu: 4 }, ml1.allocatable)).toBe(0.5);
    expect(shareOfNode({}, ml1.allocatable)).toBeUndefined();
  });
});

describe('deploymentCost', () => {
  it('costs each pod its share of its node × price × 730 h, from requests and from usage', () => {
    const cost = deploymentCost(
      [
        {
          name: 'ml-a',
          nodeName: 'ml-workload-1',
          requests: { cpu: 0.5, memory: 1 * Gi },
          usage: { cpu: 0.2, memory: 2 * Gi },
        },
        {
          name: 'web-a',
          nodeName: 'general-workload-1',
          requests: { cpu: 0.5, memory: 2 * Gi },
        },
      ],
      nodes,
      prices,
    );
    expect(cost.costBasis).toBe(COST_BASIS);
    const [ml, web] = cost.pods;
    // 500m of 8 cpu = 1Gi of 16Gi = 1/16
    expect(ml.requestShare).toBe(1 / 16);
    expect(ml.monthlyFromRequests).toBeCloseTo((0.136 * 730) / 16, 10);
    // usage: memory 2Gi of 16Gi = 1/8 beats cpu 0.2/8
    expect(ml.usageShare).toBe(1 / 8);
    expect(ml.monthlyFromUsage).toBeCloseTo((0.136 * 730) / 8, 10);
    // memory 2Gi of 4Gi = 1/2
    expect(web.monthlyFromRequests).toBeCloseTo(0.0416 * 730 * 0.5, 10);
    expect(web.monthlyFromUsage).toBeUndefined();
    expect(cost.monthlyFromRequests).toBeCloseTo(
      ml.monthlyFromRequests! + web.monthlyFromRequests!,
      10,
    );
    expect(cost.monthlyFromUsage).toBeCloseTo(ml.monthlyFromUsage!, 10);
    expect(cost.missing).toEqual([]);
  });

  it('leaves out and names pods on node groups without a price', () => {
    const cost = deploymentCost(
      [
        { name: 'ml-a', nodeName: 'ml-workload-1', requests: { cpu: 1 } },
        { name: 'ml-b', nodeName: 'ml-workload-1', requests: { cpu: 1 } },
      ],
      nodes,
      parseCapacityPrices([{ instanceType: 't3.large', hourlyPrice: 0.08 }]),
    );
    expect(cost.monthlyFromRequests).toBeUndefined();
    expect(cost.missing).toEqual([
      'no price configured for ml-workload (c5.2xlarge, SPOT)',
    ]);
    expect(cost.pods[0].missing).toBe(
      'no price configured for ml-workload (c5.2xlarge, SPOT)',
    );
  });
});
