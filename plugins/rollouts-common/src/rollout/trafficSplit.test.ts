import {
  DestinationRuleObject,
  VirtualServiceObject,
} from '../kubernetesObjects';
import { deployment, replicaSet } from '../__fixtures__/objects';
import { computeRollout } from './computeRollout';
import { computeTrafficSplit, findTrafficRouting } from './trafficSplit';

const rule: DestinationRuleObject = {
  metadata: { name: 'inventory-service', namespace: 'supply-chain' },
  spec: {
    host: 'inventory-service',
    subsets: [
      { name: 'v1', labels: { version: 'v1.2.3' } },
      { name: 'v2', labels: { version: 'v1.3.0' } },
    ],
  },
};

/** the seed's VirtualService: header version=v2 → v2, everything else → v1 */
const seedVs: VirtualServiceObject = {
  metadata: { name: 'inventory-service', namespace: 'supply-chain' },
  spec: {
    hosts: ['inventory-service'],
    http: [
      {
        match: [{ headers: { version: { exact: 'v2' } } }],
        route: [
          {
            destination: { host: 'inventory-service', subset: 'v2' },
            weight: 100,
          },
        ],
      },
      {
        route: [
          {
            destination: { host: 'inventory-service', subset: 'v1' },
            weight: 100,
          },
        ],
      },
    ],
  },
};

const canaryVs = (
  w1: number | undefined,
  w2: number | undefined,
  host = 'inventory-service',
): VirtualServiceObject => ({
  metadata: { name: 'inventory-service', namespace: 'supply-chain' },
  spec: {
    hosts: ['inventory-service'],
    http: [
      {
        route: [
          {
            destination: { host, subset: 'v1' },
            ...(w1 === undefined ? {} : { weight: w1 }),
          },
          {
            destination: { host, subset: 'v2' },
            ...(w2 === undefined ? {} : { weight: w2 }),
          },
        ],
      },
    ],
  },
});

const sets = [replicaSet(2, 'v1.3.0', 1), replicaSet(1, 'v1.2.3', 3)];

describe('computeTrafficSplit', () => {
  it('reads the seed VirtualService: header route to v2, default to v1', () => {
    expect(computeTrafficSplit(seedVs, rule, sets)).toEqual([
      {
        subset: 'v2',
        version: 'v1.3.0',
        weight: 100,
        condition: 'headers version=v2',
        revisions: [2],
      },
      { subset: 'v1', version: 'v1.2.3', weight: 100, revisions: [1] },
    ]);
  });

  it.each([
    { w1: 90, w2: 10, want: [90, 10] },
    { w1: 0, w2: 100, want: [0, 100] },
    { w1: 50, w2: undefined, want: [50, 0] },
  ])('canary $w1/$w2', ({ w1, w2, want }) => {
    expect(
      computeTrafficSplit(canaryVs(w1, w2), rule, sets)?.map(e => e.weight),
    ).toEqual(want);
  });

  it('gives a lone destination without weight 100 %', () => {
    const vs: VirtualServiceObject = {
      metadata: { name: 'x', namespace: 'supply-chain' },
      spec: {
        http: [
          {
            route: [
              { destination: { host: 'inventory-service', subset: 'v1' } },
            ],
          },
        ],
      },
    };
    expect(computeTrafficSplit(vs, rule)).toEqual([
      { subset: 'v1', version: 'v1.2.3', weight: 100 },
    ]);
  });

  it('understands fully qualified hosts', () => {
    expect(
      computeTrafficSplit(
        canaryVs(80, 20, 'inventory-service.supply-chain.svc.cluster.local'),
        rule,
        sets,
      )?.map(e => e.weight),
    ).toEqual([80, 20]);
  });

  it('ignores routes to other hosts and routes without subsets', () => {
    expect(
      computeTrafficSplit(canaryVs(80, 20, 'order-service'), rule),
    ).toBeUndefined();
    const noSubset: VirtualServiceObject = {
      metadata: { name: 'x', namespace: 'supply-chain' },
      spec: {
        http: [{ route: [{ destination: { host: 'inventory-service' } }] }],
      },
    };
    expect(computeTrafficSplit(noSubset, rule)).toBeUndefined();
  });

  it('finds the VirtualService and DestinationRule of a Deployment among others', () => {
    const otherRule: DestinationRuleObject = {
      metadata: { name: 'order-service', namespace: 'supply-chain' },
      spec: {
        host: 'order-service',
        subsets: [{ name: 'v1', labels: { version: 'v0.1.0' } }],
      },
    };
    const found = findTrafficRouting(
      sets,
      [canaryVs(1, 99, 'order-service'), seedVs],
      [otherRule, rule],
    );
    expect(found?.destinationRule.metadata.name).toBe('inventory-service');
    expect(found?.virtualService).toBe(seedVs);
    expect(findTrafficRouting(sets, [seedVs], [otherRule])).toBeUndefined();
  });

  it('ends up in the rollout', () => {
    const rollout = computeRollout(
      deployment(),
      sets,
      [],
      undefined,
      canaryVs(90, 10),
      rule,
      'sandbox',
    );
    expect(rollout.virtualService).toBe('inventory-service');
    expect(rollout.trafficSplit).toEqual([
      { subset: 'v1', version: 'v1.2.3', weight: 90, revisions: [1] },
      { subset: 'v2', version: 'v1.3.0', weight: 10, revisions: [2] },
    ]);
  });
});
