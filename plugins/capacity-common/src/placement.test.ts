import {
  deploymentPlacement,
  formatTaint,
  nodeFacts,
  toleratesTaint,
} from './placement';

const mlTaint = { key: 'workload', value: 'ml', effect: 'NoSchedule' };
const mlToleration = {
  key: 'workload',
  operator: 'Equal',
  value: 'ml',
  effect: 'NoSchedule',
};

// the sandbox's seeded nodes (sandbox/manifests/base/10-nodes.yaml), in brief
const node = (
  name: string,
  group: string,
  type: string,
  capacityType: string,
  taints: any[] = [],
) =>
  nodeFacts({
    metadata: {
      name,
      labels: {
        'eks.amazonaws.com/nodegroup': group,
        'node.kubernetes.io/instance-type': type,
        'eks.amazonaws.com/capacityType': capacityType,
      },
    },
    spec: { taints },
    status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } },
  });
const nodes = [
  node('general-workload-1', 'general-workload', 't3.medium', 'ON_DEMAND'),
  node('general-workload-2', 'general-workload', 't3.large', 'ON_DEMAND'),
  node('ml-workload-1', 'ml-workload', 'c5.2xlarge', 'SPOT', [mlTaint]),
];

describe('nodeFacts', () => {
  it('reads node group, instance type, capacity type, taints and allocatable from the node', () => {
    expect(nodes[2]).toEqual({
      name: 'ml-workload-1',
      nodeGroup: 'ml-workload',
      instanceType: 'c5.2xlarge',
      capacityType: 'SPOT',
      taints: [mlTaint],
      allocatable: { cpu: 2, memory: 8 * 1024 ** 3 },
    });
    expect(nodeFacts({ metadata: { name: 'bare' } })).toEqual({
      name: 'bare',
      taints: [],
      allocatable: {},
    });
  });
});

describe('toleratesTaint', () => {
  it('follows the scheduler: Equal needs key and value, Exists the key only, an empty key with Exists everything', () => {
    expect(toleratesTaint(mlToleration, mlTaint)).toBe(true);
    expect(toleratesTaint({ ...mlToleration, value: 'gpu' }, mlTaint)).toBe(
      false,
    );
    expect(toleratesTaint({ key: 'workload', value: 'ml' }, mlTaint)).toBe(
      true,
    );
    expect(
      toleratesTaint({ key: 'workload', operator: 'Exists' }, mlTaint),
    ).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, mlTaint)).toBe(true);
    expect(toleratesTaint({ value: 'ml' }, mlTaint)).toBe(false);
    expect(
      toleratesTaint({ ...mlToleration, effect: 'NoExecute' }, mlTaint),
    ).toBe(false);
  });
  it('formats a taint as kubectl does', () => {
    expect(formatTaint(mlTaint)).toBe('workload=ml:NoSchedule');
    expect(formatTaint({ key: 'dedicated', effect: 'NoExecute' })).toBe(
      'dedicated:NoExecute',
    );
  });
});

describe('deploymentPlacement', () => {
  it('ML pods on ml-workload that tolerate its taint are as intended', () => {
    const p = deploymentPlacement(
      [
        {
          name: 'ml-b',
          nodeName: 'ml-workload-1',
          tolerations: [mlToleration],
        },
        {
          name: 'ml-a',
          nodeName: 'ml-workload-1',
          tolerations: [mlToleration],
        },
      ],
      nodes,
    );
    expect(p.verdict).toBe('as intended');
    expect(p.message).toBe(
      '2 pods on ml-workload, tolerating workload=ml:NoSchedule, as intended',
    );
    expect(p.nodeGroups).toEqual([
      {
        nodeGroup: 'ml-workload',
        instanceTypes: ['c5.2xlarge'],
        capacityTypes: ['SPOT'],
        nodes: ['ml-workload-1'],
        pods: ['ml-a', 'ml-b'],
      },
    ]);
    expect(p.findings).toEqual([]);
  });

  it('general pods spread over general-workload are as intended', () => {
    const p = deploymentPlacement(
      [
        { name: 'web-a', nodeName: 'general-workload-1' },
        { name: 'web-b', nodeName: 'general-workload-2' },
      ],
      nodes,
    );
    expect(p.verdict).toBe('as intended');
    expect(p.nodeGroups).toHaveLength(1);
    expect(p.nodeGroups[0].instanceTypes).toEqual(['t3.large', 't3.medium']);
    expect(p.message).toBe(
      '2 pods on general-workload; no taint steers them and they tolerate none elsewhere, as intended',
    );
  });

  it('names a pod that tolerates the ML taint but runs on a general node', () => {
    const p = deploymentPlacement(
      [
        {
          name: 'ml-a',
          nodeName: 'ml-workload-1',
          tolerations: [mlToleration],
        },
        {
          name: 'ml-b',
          nodeName: 'general-workload-2',
          tolerations: [mlToleration],
        },
      ],
      nodes,
    );
    expect(p.verdict).toBe('misplaced');
    expect(p.findings).toEqual([
      'Pod ml-b tolerates workload=ml:NoSchedule (the taint of node group ml-workload) but runs on general-workload-2 (node group general-workload)',
    ]);
    expect(p.message).toBe(
      '2 pods on general-workload, ml-workload; 1 placement problem',
    );
  });

  it('names a general pod on ml-workload that does not tolerate its taint', () => {
    const p = deploymentPlacement(
      [{ name: 'web-a', nodeName: 'ml-workload-1' }],
      nodes,
    );
    expect(p.verdict).toBe('misplaced');
    expect(p.findings).toEqual([
      'Pod web-a runs on ml-workload-1 (node group ml-workload) without tolerating its taint workload=ml:NoSchedule',
    ]);
  });

  it("ignores the node controller's condition taints, which every pod tolerates by default", () => {
    const notReady = {
      key: 'node.kubernetes.io/not-ready',
      effect: 'NoExecute',
    };
    const p = deploymentPlacement(
      [
        {
          name: 'web-a',
          nodeName: 'general-workload-1',
          tolerations: [{ ...notReady, operator: 'Exists' }],
        },
      ],
      [
        ...nodes,
        node(
          'general-workload-9',
          'general-workload',
          't3.large',
          'ON_DEMAND',
          [notReady],
        ),
      ],
    );
    expect(p.verdict).toBe('as intended');
  });

  it('is unknown while no pod is on a node, listing the pending ones', () => {
    const p = deploymentPlacement([{ name: 'web-a' }], nodes);
    expect(p.verdict).toBe('unknown');
    expect(p.message).toBe('No pod of this Deployment runs on a node yet');
    expect(p.unscheduledPods).toEqual(['web-a']);
  });

  it('names a pod on a node the cluster does not list', () => {
    const p = deploymentPlacement(
      [{ name: 'web-a', nodeName: 'gone-1' }],
      nodes,
    );
    expect(p.verdict).toBe('misplaced');
    expect(p.findings).toEqual([
      'Pod web-a runs on node gone-1, which the cluster does not list',
    ]);
  });
});
