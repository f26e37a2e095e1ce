/*
 * Integration test against the sandbox (`ensureSandbox()`: $SANDBOX_STATE, else
 * <repo>/.sandbox; reused when it runs, started otherwise; it fails, never
 * skips, when the sandbox cannot be reached). The plugin runs in a test backend
 * reading the sandbox's kube-apiserver with the portal's least-privilege token;
 * the VPA's recommendation comes from the real VPA recommender, usage from the
 * MLModel operator's metrics.k8s.io. The expected values are read the way a
 * user would: `kubectl get vpa -o json` and `kubectl get --raw /apis/metrics.k8s.io/...`;
 * placement and cost from `kubectl get pods` (their nodeName, requests) and
 * `kubectl get nodes` (labels, allocatable) with the prices configured below.
 *
 *   cd plugins/capacity-backend && CI=true yarn backstage-cli package test src/sandbox.integration.test.ts
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DeploymentSizing,
  EntitySizingResponse,
  NodeGroupsResponse,
  ResourceAmounts,
  serviceCapacity,
  ServicesCapacityResponse,
} from '@supply-chain/plugin-capacity-common';
import { parseQuantity } from '@supply-chain/plugin-rollouts-common';
import {
  ensureSandbox,
  portalKubernetesConfig,
  Sandbox,
  waitUntil,
} from '@supply-chain/sandbox-harness';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { capacityPlugin } from './plugin';

jest.setTimeout(300_000);

const execFileAsync = promisify(execFile);
const NS = 'supply-chain';
const DEPLOYMENT = 'ml-prediction-service';
const VPA = 'ml-prediction-service-vpa';
// test prices (the backend has none built in): ml-workload by node group, the
// general nodes by instance type
const PRICES = [
  { nodeGroup: 'ml-workload', capacityType: 'SPOT', hourlyPrice: 0.136 },
  { instanceType: 't3.medium', capacityType: 'ON_DEMAND', hourlyPrice: 0.0416 },
  { instanceType: 't3.large', capacityType: 'ON_DEMAND', hourlyPrice: 0.0832 },
];

let sb: Sandbox;
let backend: { server: any; stop: () => Promise<void> } | undefined;

async function kubectl(...args: string[]): Promise<string> {
  const bin = join(sb.stateDir, 'bin', 'kubectl');
  const { stdout } = await execFileAsync(
    existsSync(bin) ? bin : 'kubectl',
    ['--kubeconfig', sb.kubeconfigPath, ...args],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout.trim();
}

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ml-prediction-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/ml-team',
  },
};

const amounts = (list: Record<string, string> | undefined): ResourceAmounts =>
  Object.fromEntries(
    (['cpu', 'memory'] as const)
      .filter(r => list?.[r] !== undefined)
      .map(r => [r, parseQuantity(list![r])]),
  );

/** the VPA's first container recommendation and the pods' usage, as the apiserver returns them */
async function fromApiserver() {
  const vpa = JSON.parse(
    await kubectl('get', 'vpa', '-n', NS, VPA, '-o', 'json'),
  );
  const metrics = JSON.parse(
    await kubectl(
      'get',
      '--raw',
      `/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods`,
    ),
  );
  const pods = JSON.parse(
    await kubectl(
      'get',
      'pods',
      '-n',
      NS,
      '-l',
      `app=${DEPLOYMENT}`,
      '-o',
      'json',
    ),
  );
  const podNames = new Set(
    pods.items
      .filter((p: any) => !p.metadata.deletionTimestamp)
      .map((p: any) => p.metadata.name),
  );
  const rec = vpa.status?.recommendation?.containerRecommendations?.find(
    (r: any) => r.containerName === DEPLOYMENT,
  );
  return {
    updateMode: vpa.spec.updatePolicy?.updateMode ?? 'Auto',
    recommendation: rec && {
      target: amounts(rec.target),
      lowerBound: amounts(rec.lowerBound),
      upperBound: amounts(rec.upperBound),
      uncappedTarget: amounts(rec.uncappedTarget),
    },
    podUsage: metrics.items
      .filter((m: any) => podNames.has(m.metadata.name))
      .map((m: any) => ({
        pod: m.metadata.name,
        usage: amounts(
          m.containers.find((c: any) => c.name === DEPLOYMENT)?.usage,
        ),
      }))
      .sort((a: any, b: any) => a.pod.localeCompare(b.pod)),
  };
}

async function fromPortal(): Promise<DeploymentSizing | undefined> {
  const res = await request(backend!.server).get(
    '/api/capacity/entity?entityRef=component:default/ml-prediction-service',
  );
  expect(res.status).toBe(200);
  const body = res.body as EntitySizingResponse;
  const cluster = body.clusters.find(c => c.name === 'sandbox');
  expect(cluster?.status).toBe('ok');
  return cluster?.deployments.find(
    d => d.namespace === NS && d.name === DEPLOYMENT,
  );
}

beforeAll(async () => {
  sb = await ensureSandbox();
  backend = await startTestBackend({
    features: [
      capacityPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities: [entity] }),
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: portalKubernetesConfig(sb),
          // VPAs, pod and node metrics come from capacity's background poll:
          // poll each second so the portal's read follows the apiserver's
          capacity: { prices: PRICES, pollIntervalSeconds: 1 },
        },
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
});

describe('GET /api/capacity/entity against the sandbox', () => {
  it("shows ml-prediction-service's VPA numbers and pod usage exactly as the apiserver has them", async () => {
    // the recommender and the modelled usage move; compare one stable moment:
    // the apiserver read twice, the same both times, with the portal read between
    const { before, portal } = await waitUntil(
      'a VPA recommendation and usage that stay put across one portal read',
      async () => {
        const b = await fromApiserver();
        const p = await fromPortal();
        const a = await fromApiserver();
        return { before: b, after: a, portal: p };
      },
      // the portal answers from its last poll (at most a second old): wait
      // for a moment it has caught up with; the expectations below are exact
      ({ before: b, after: a, portal: p }) => {
        const c = p?.containers.find(x => x.name === DEPLOYMENT);
        return (
          !!b.recommendation &&
          b.podUsage.length > 0 &&
          JSON.stringify(b) === JSON.stringify(a) &&
          JSON.stringify(c?.podUsage) === JSON.stringify(b.podUsage) &&
          JSON.stringify(c?.recommendation) === JSON.stringify(b.recommendation)
        );
      },
      180_000,
    );
    expect(portal).toBeDefined();
    expect(portal!.vpa).toEqual({
      name: VPA,
      updateMode: before.updateMode,
      updateModeMeaning: expect.any(String),
    });
    const container = portal!.containers.find(c => c.name === DEPLOYMENT)!;
    expect(container.recommendation).toEqual(before.recommendation);
    expect(container.podUsage).toEqual(before.podUsage);
    expect(container.verdicts.cpu.verdict).not.toBe('no recommendation yet');
  });
});

/** where kubectl says the pods run, and what each costs by the README's rule, computed here */
async function placementFromKubectl() {
  const pods = JSON.parse(
    await kubectl(
      'get',
      'pods',
      '-n',
      NS,
      '-l',
      `app=${DEPLOYMENT}`,
      '-o',
      'json',
    ),
  ).items.filter((p: any) => !p.metadata.deletionTimestamp);
  const nodes = new Map<string, any>(
    JSON.parse(await kubectl('get', 'nodes', '-o', 'json')).items.map(
      (n: any) => [n.metadata.name, n],
    ),
  );
  return pods
    .map((p: any) => {
      const node = nodes.get(p.spec.nodeName);
      const labels = node.metadata.labels;
      const group = labels['eks.amazonaws.com/nodegroup'];
      const type = labels['node.kubernetes.io/instance-type'];
      const capacityType = labels['eks.amazonaws.com/capacityType'];
      const price = (PRICES.find(
        x => x.nodeGroup === group && x.capacityType === capacityType,
      ) ??
        PRICES.find(
          x => x.instanceType === type && x.capacityType === capacityType,
        ))!.hourlyPrice;
      const sum = (r: string) =>
        p.spec.containers.reduce(
          (total: number, c: any) =>
            total + (parseQuantity(c.resources?.requests?.[r]) ?? 0),
          0,
        );
      const share = Math.max(
        sum('cpu') / parseQuantity(node.status.allocatable.cpu)!,
        sum('memory') / parseQuantity(node.status.allocatable.memory)!,
      );
      return {
        pod: p.metadata.name,
        node: p.spec.nodeName,
        nodeGroup: group,
        instanceType: type,
        capacityType,
        tolerations: p.spec.tolerations ?? [],
        monthlyFromRequests: share * price * 730,
      };
    })
    .sort((a: any, b: any) => a.pod.localeCompare(b.pod));
}

describe('placement and cost against the sandbox', () => {
  it("puts ml-prediction-service on the node group kubectl shows its pods on, as intended, and costs them from those nodes' allocatable", async () => {
    const { before, portal } = await waitUntil(
      'the pods stay on their nodes across one portal read',
      async () => {
        const b = await placementFromKubectl();
        const p = await fromPortal();
        const a = await placementFromKubectl();
        return { before: b, after: a, portal: p };
      },
      ({ before: b, after: a }) =>
        b.length > 0 && JSON.stringify(b) === JSON.stringify(a),
      120_000,
    );
    // the seed pins it to ml-workload: nodeSelector workload=ml-processing and
    // a toleration of that group's taint workload=ml:NoSchedule
    expect(new Set(before.map((p: any) => p.nodeGroup))).toEqual(
      new Set(['ml-workload']),
    );
    expect(before[0].tolerations).toContainEqual(
      expect.objectContaining({ key: 'workload', value: 'ml' }),
    );
    const placement = portal!.placement!;
    expect(placement.verdict).toBe('as intended');
    expect(placement.findings).toEqual([]);
    expect(placement.nodeGroups).toEqual([
      {
        nodeGroup: 'ml-workload',
        instanceTypes: [...new Set(before.map((p: any) => p.instanceType))],
        capacityTypes: [...new Set(before.map((p: any) => p.capacityType))],
        nodes: [...new Set(before.map((p: any) => p.node))].sort(),
        pods: before.map((p: any) => p.pod),
      },
    ]);
    expect(placement.message).toContain('workload=ml:NoSchedule');

    const cost = portal!.cost!;
    expect(cost.missing).toEqual([]);
    expect(cost.costBasis).toMatch(/× 730 hours/);
    expect(cost.pods.map(p => [p.pod, p.node])).toEqual(
      before.map((p: any) => [p.pod, p.node]),
    );
    cost.pods.forEach((p, i) =>
      expect(p.monthlyFromRequests).toBeCloseTo(
        before[i].monthlyFromRequests,
        6,
      ),
    );
    expect(cost.monthlyFromRequests).toBeCloseTo(
      before.reduce((t: number, p: any) => t + p.monthlyFromRequests, 0),
      6,
    );
    // metrics.k8s.io reports the pods' usage, so there is a usage cost too
    expect(cost.monthlyFromUsage).toBeGreaterThan(0);
  });
});

/** ml-workload's nodes, the requests of the unfinished pods on them and the nodes' usage, via kubectl */
async function mlWorkloadFromKubectl() {
  const nodes = JSON.parse(
    await kubectl(
      'get',
      'nodes',
      '-l',
      'eks.amazonaws.com/nodegroup=ml-workload',
      '-o',
      'json',
    ),
  ).items;
  const names = new Set(nodes.map((n: any) => n.metadata.name));
  const pods = JSON.parse(
    await kubectl(
      'get',
      'pods',
      '-A',
      '-o',
      'json',
      '--field-selector=status.phase!=Succeeded,status.phase!=Failed',
    ),
  ).items.filter((p: any) => names.has(p.spec.nodeName));
  const metrics = JSON.parse(
    await kubectl('get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes'),
  ).items.filter((m: any) => names.has(m.metadata.name));
  const total = (lists: Array<Record<string, string> | undefined>, r: string) =>
    lists.reduce((t, l) => t + (parseQuantity(l?.[r]) ?? 0), 0);
  const requests = pods.flatMap((p: any) =>
    p.spec.containers.map((c: any) => c.resources?.requests),
  );
  return {
    nodes: [...names].sort(),
    allocatable: {
      cpu: total(
        nodes.map((n: any) => n.status.allocatable),
        'cpu',
      ),
      memory: total(
        nodes.map((n: any) => n.status.allocatable),
        'memory',
      ),
    },
    requested: {
      cpu: total(requests, 'cpu'),
      memory: total(requests, 'memory'),
    },
    used: {
      cpu: total(
        metrics.map((m: any) => m.usage),
        'cpu',
      ),
      memory: total(
        metrics.map((m: any) => m.usage),
        'memory',
      ),
    },
  };
}

describe('GET /api/capacity/node-groups against the sandbox', () => {
  it("answers ml-workload's allocatable, requested and used as kubectl reads them, and its price", async () => {
    const { before, portal } = await waitUntil(
      'node usage that stays put across one portal read',
      async () => {
        const b = await mlWorkloadFromKubectl();
        const res = await request(backend!.server).get(
          '/api/capacity/node-groups',
        );
        expect(res.status).toBe(200);
        const a = await mlWorkloadFromKubectl();
        return { before: b, after: a, portal: res.body as NodeGroupsResponse };
      },
      // the portal answers from its last poll (at most a second old): wait
      // for a moment it has caught up with; the expectations below are exact
      ({ before: b, after: a, portal: p }) => {
        const used = p.clusters
          .find(c => c.name === 'sandbox')
          ?.nodeGroups.find(g => g.nodeGroup === 'ml-workload')?.used;
        return (
          JSON.stringify(b) === JSON.stringify(a) &&
          used?.memory === b.used.memory &&
          Math.abs((used?.cpu ?? NaN) - b.used.cpu) < 1e-9
        );
      },
      120_000,
    );
    const cluster = portal.clusters.find(c => c.name === 'sandbox')!;
    expect(cluster.status).toBe('ok');
    const ml = cluster.nodeGroups.find(g => g.nodeGroup === 'ml-workload')!;
    expect(ml.nodes).toEqual(before.nodes);
    expect(ml.allocatable).toEqual(before.allocatable);
    expect(ml.requested!.cpu).toBeCloseTo(before.requested.cpu, 9);
    expect(ml.requested!.memory).toBe(before.requested.memory);
    expect(ml.used!.cpu).toBeCloseTo(before.used.cpu, 9);
    expect(ml.used!.memory).toBe(before.used.memory);
    expect(ml.requestedShare!.cpu).toBeCloseTo(
      before.requested.cpu / before.allocatable.cpu,
      9,
    );
    expect(ml.monthlyPrice).toBeCloseTo(before.nodes.length * 0.136 * 730, 6);
    expect(ml.missing).toEqual([]);
  });
});

describe('GET /api/capacity/services against the sandbox', () => {
  it('lists ml-prediction-service on ml-workload with the sum of the costs the entity endpoint gives its Deployments', async () => {
    const entityAnswer = async () => {
      const res = await request(backend!.server).get(
        '/api/capacity/entity?entityRef=component:default/ml-prediction-service',
      );
      return (res.body as EntitySizingResponse).clusters.flatMap(
        c => c.deployments,
      );
    };
    // pods may be resized between two reads (VPA Auto): compare reads that agree
    const { services, deployments } = await waitUntil(
      'the services and entity answers agreeing on the cost',
      async () => ({
        services: await request(backend!.server).get('/api/capacity/services'),
        deployments: await entityAnswer(),
      }),
      ({ services: s, deployments: d }) =>
        s.status === 200 &&
        s.body.services.find((x: any) => x.name === DEPLOYMENT)
          ?.monthlyFromRequests ===
          serviceCapacity(
            {
              entityRef: 'component:default/ml-prediction-service',
              kind: 'Component',
              namespace: 'default',
              name: DEPLOYMENT,
            },
            d,
          ).monthlyFromRequests,
      120_000,
    );
    const body = services.body as ServicesCapacityResponse;
    expect(body.clusters).toEqual([{ name: 'sandbox', status: 'ok' }]);
    const ml = body.services.find(s => s.name === DEPLOYMENT)!;
    expect(ml).toMatchObject({
      owner: 'group:default/ml-team',
      // its own Deployment and the MLModels' serving Deployments it labels
      deployments: deployments.map(d => `sandbox/${d.namespace}/${d.name}`),
      nodeGroups: ['ml-workload'],
      missing: [],
    });
    expect(ml.deployments).toContain(`sandbox/${NS}/${DEPLOYMENT}`);
    expect(ml.monthlyFromRequests).toBeGreaterThan(0);
    expect(ml.vpa.map(v => v.vpa)).toContain(VPA);
    expect(
      body.totals.nodeGroup.find(t => t.key === 'ml-workload')?.services,
    ).toBe(1);
  });
});
