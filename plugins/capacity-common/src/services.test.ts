import { COST_BASIS } from './cost';
import {
  capacityTotals,
  deploymentWaste,
  podWaste,
  serviceCapacity,
  WASTE_BASIS,
} from './services';
import { DeploymentSizing, PodCost } from './types';

const pod = (
  name: string,
  nodeGroup: string | undefined,
  fromRequests?: number,
  fromUsage?: number,
): PodCost => ({
  pod: name,
  node: `${nodeGroup ?? 'unlabelled'}-1`,
  ...(nodeGroup ? { nodeGroup } : {}),
  nodeHourlyPrice: 0.1,
  ...(fromRequests !== undefined ? { monthlyFromRequests: fromRequests } : {}),
  ...(fromUsage !== undefined ? { monthlyFromUsage: fromUsage } : {}),
});

const deployment = (
  name: string,
  pods: PodCost[],
  extra: Partial<DeploymentSizing> = {},
): DeploymentSizing => ({
  cluster: 'sandbox',
  namespace: 'shop',
  name,
  replicas: pods.length,
  containers: [],
  placement: {
    verdict: 'as intended',
    message: '',
    nodeGroups: [
      ...new Set(pods.map(p => p.nodeGroup).filter(Boolean) as string[]),
    ].map(g => ({
      nodeGroup: g,
      instanceTypes: [],
      capacityTypes: [],
      nodes: [],
      pods: [],
    })),
    findings: [],
    unscheduledPods: [],
  },
  cost: {
    currency: 'USD',
    costBasis: COST_BASIS,
    pods,
    missing: [],
    monthlyFromRequests: pods.reduce(
      (s, p) => s + (p.monthlyFromRequests ?? 0),
      0,
    ),
    monthlyFromUsage: pods.reduce((s, p) => s + (p.monthlyFromUsage ?? 0), 0),
  },
  ...extra,
});

const entity = (name: string, owner?: string, system?: string) => ({
  entityRef: `component:default/${name}`,
  kind: 'Component',
  namespace: 'default',
  name,
  owner,
  system,
});

describe('waste', () => {
  it('is the cost from requests minus the cost from usage, never below zero', () => {
    expect(podWaste(pod('a', 'g', 10, 4))).toBe(6);
    expect(podWaste(pod('b', 'g', 10, 12))).toBe(0);
  });

  it('is unknown for a pod without usage or without a price, and such pods add none', () => {
    expect(podWaste(pod('a', 'g', 10))).toBeUndefined();
    expect(podWaste({ pod: 'x', node: 'n', missing: 'no price' })).toBe(
      undefined,
    );
    const d = deployment('d', [pod('a', 'g', 10, 4), pod('b', 'g', 10)]);
    expect(deploymentWaste(d.cost!)).toBe(6);
    expect(deploymentWaste(deployment('e', [pod('a', 'g', 10)]).cost!)).toBe(
      undefined,
    );
  });

  it('says how it is computed in one sentence', () => {
    expect(WASTE_BASIS).toMatch(
      /^Waste is the monthly cost of what is requested but not used: per pod, its cost from requests minus its cost from usage/,
    );
  });
});

describe('serviceCapacity', () => {
  it('sums its Deployments, splits the cost per node group and words the VPA verdicts', () => {
    const ml = deployment(
      'ml',
      [pod('ml-a', 'ml-workload', 20, 5), pod('ml-b', 'ml-workload', 20, 5)],
      {
        vpa: {
          name: 'ml-vpa',
          updateMode: 'Auto',
          updateModeMeaning: 'Applies its recommendation by evicting pods',
        },
        containers: [
          {
            name: 'server',
            requests: {},
            limits: {},
            podUsage: [],
            verdicts: {
              cpu: { verdict: 'over-provisioned', message: 'above' },
              memory: { verdict: 'within bounds', message: 'within' },
            },
          },
        ],
      },
    );
    const web = deployment('web', [pod('web-a', 'general', 3, 2)]);
    const s = serviceCapacity(
      entity('svc', 'group:default/ml-team', 'system:default/ml'),
      [ml, web],
    );
    expect(s).toMatchObject({
      owner: 'group:default/ml-team',
      system: 'system:default/ml',
      deployments: ['sandbox/shop/ml', 'sandbox/shop/web'],
      nodeGroups: ['general', 'ml-workload'],
      monthlyFromRequests: 43,
      monthlyFromUsage: 12,
      waste: 31,
      byNodeGroup: [
        {
          nodeGroup: 'general',
          monthlyFromRequests: 3,
          monthlyFromUsage: 2,
          waste: 1,
        },
        {
          nodeGroup: 'ml-workload',
          monthlyFromRequests: 40,
          monthlyFromUsage: 10,
          waste: 30,
        },
      ],
      missing: [],
      problems: [],
    });
    expect(s.vpa).toHaveLength(1);
    expect(s.vpa[0].summary).toBe(
      'server: cpu over-provisioned, memory within bounds (VPA ml-vpa, Auto)',
    );
  });

  it('has no figures without Deployments, and names what is missing', () => {
    const unpriced = deployment('d', [], {
      cost: {
        currency: 'USD',
        costBasis: COST_BASIS,
        pods: [{ pod: 'a', node: 'n', missing: 'no price configured for g' }],
        missing: ['no price configured for g'],
      },
    });
    const s = serviceCapacity(entity('svc'), [unpriced]);
    expect(s.monthlyFromRequests).toBeUndefined();
    expect(s.waste).toBeUndefined();
    expect(s.byNodeGroup).toEqual([]);
    expect(s.missing).toEqual(['no price configured for g']);
    expect(serviceCapacity(entity('none'), []).deployments).toEqual([]);
  });
});

describe('capacityTotals', () => {
  it('sums per owner, per system and per node group, "none" last', () => {
    const a = serviceCapacity(
      entity('a', 'group:default/t1', 'system:default/s'),
      [deployment('a', [pod('a1', 'ml', 10, 4), pod('a2', 'gen', 2, 1)])],
    );
    const b = serviceCapacity(entity('b', 'group:default/t1'), [
      deployment('b', [pod('b1', 'gen', 5, 5)]),
    ]);
    const c = serviceCapacity(entity('c'), [
      deployment('c', [pod('c1', undefined, 1)]),
    ]);
    const totals = capacityTotals([a, b, c]);
    expect(totals.owner).toEqual([
      {
        key: 'group:default/t1',
        services: 2,
        monthlyFromRequests: 17,
        monthlyFromUsage: 10,
        waste: 7,
      },
      { services: 1, monthlyFromRequests: 1, monthlyFromUsage: 0 },
    ]);
    expect(totals.system.map(t => [t.key, t.services])).toEqual([
      ['system:default/s', 1],
      [undefined, 2],
    ]);
    expect(totals.nodeGroup).toEqual([
      {
        key: 'gen',
        services: 2,
        monthlyFromRequests: 7,
        monthlyFromUsage: 6,
        waste: 1,
      },
      {
        key: 'ml',
        services: 1,
        monthlyFromRequests: 10,
        monthlyFromUsage: 4,
        waste: 6,
      },
      { services: 1, monthlyFromRequests: 1 },
    ]);
  });
});
