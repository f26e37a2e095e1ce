// The sandbox runs the real VPA recommender (issue 19): it must give
// ml-prediction-service-vpa a status.recommendation computed from the
// sandbox's metrics API, inside the VPA's minAllowed/maxAllowed, and the
// recommendation must move up when the ml-usage-high scenario raises the
// modelled usage. Read the way a user would: `kubectl get vpa -o json` and
// `kubectl get --raw /apis/metrics.k8s.io/...`.
//
// Uses the sandbox of $SANDBOX_STATE (and $SANDBOX_PORT_OFFSET), default
// .sandbox/, starting it when needed; the load table is restored afterwards.
//
//   cd sandbox/harness && CI=true yarn backstage-cli package test src/vpa.integration.test.ts
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ensureSandbox,
  findSandboxDir,
  waitUntil,
  type Sandbox,
} from './index.ts';

const run = promisify(execFile);
const START_TIMEOUT = 45 * 60_000; // a first start may build the binaries
const RECOMMENDATION_TIMEOUT = 6 * 60_000;
const NS = 'supply-chain';
const VPA = 'ml-prediction-service-vpa';
const CONTAINER = 'ml-prediction-service';

type Resources = { cpu: string; memory: string };
interface ContainerRecommendation {
  containerName: string;
  target: Resources;
  lowerBound: Resources;
  upperBound: Resources;
  uncappedTarget: Resources;
}

let sb: Sandbox;

function kubectl(...args: string[]): Promise<string> {
  return run(join(sb.stateDir, 'bin', 'kubectl'), args, {
    env: { ...process.env, KUBECONFIG: sb.kubeconfigPath },
    maxBuffer: 16 * 1024 * 1024,
  }).then(r => r.stdout);
}

function scenario(name: string): Promise<unknown> {
  return run(join(findSandboxDir(), 'bin', 'scenario.sh'), [name], {
    env: { ...process.env, SANDBOX_STATE: sb.stateDir },
    timeout: 5 * 60_000,
  });
}

/**
 * What `reset` does for the load table alone (the one place usage is
 * modelled), so this test leaves Deployments and Argo CD alone.
 */
function restoreLoadTable(): Promise<string> {
  return kubectl(
    'apply',
    '--server-side',
    '--force-conflicts',
    '-f',
    join(findSandboxDir(), 'manifests', 'base', '40-metrics-load.yaml'),
  );
}

/** cpu in millicores, memory in bytes (the suffixes kubectl and the VPA print) */
function quantity(q: string): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  const factor: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
  };
  if (!(m[2] in factor)) throw new Error(`unknown unit in quantity ${q}`);
  return Number(m[1]) * factor[m[2]];
}
const cpu = (r: Resources) => quantity(r.cpu) * 1000;
const memory = (r: Resources) => quantity(r.memory);

async function vpa() {
  return JSON.parse(await kubectl('-n', NS, 'get', 'vpa', VPA, '-o', 'json'));
}

async function recommendation(): Promise<ContainerRecommendation | undefined> {
  const v = await vpa();
  return (v.status?.recommendation?.containerRecommendations ?? []).find(
    (c: ContainerRecommendation) => c.containerName === CONTAINER,
  );
}

/** what the metrics API reports for the container, summed over its pods */
async function usage(): Promise<{ cpu: number; memory: number }> {
  const list = JSON.parse(
    await kubectl(
      'get',
      '--raw',
      `/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods?labelSelector=app%3Dml-prediction-service`,
    ),
  );
  const containers = list.items.flatMap(
    (p: { containers: Array<{ name: string; usage: Resources }> }) =>
      p.containers.filter(c => c.name === CONTAINER),
  );
  expect(containers.length).toBeGreaterThan(0);
  // one replica: per-pod usage is what the recommender sees per container
  return {
    cpu: Math.max(...containers.map((c: { usage: Resources }) => cpu(c.usage))),
    memory: Math.max(
      ...containers.map((c: { usage: Resources }) => memory(c.usage)),
    ),
  };
}

function expectWithinPolicy(
  rec: ContainerRecommendation,
  policy: { minAllowed: Resources; maxAllowed: Resources },
) {
  for (const key of ['target', 'lowerBound', 'upperBound'] as const) {
    expect(cpu(rec[key])).toBeGreaterThanOrEqual(cpu(policy.minAllowed));
    expect(cpu(rec[key])).toBeLessThanOrEqual(cpu(policy.maxAllowed));
    expect(memory(rec[key])).toBeGreaterThanOrEqual(memory(policy.minAllowed));
    expect(memory(rec[key])).toBeLessThanOrEqual(memory(policy.maxAllowed));
  }
  expect(cpu(rec.lowerBound)).toBeLessThanOrEqual(cpu(rec.target));
  expect(cpu(rec.target)).toBeLessThanOrEqual(cpu(rec.upperBound));
  expect(memory(rec.lowerBound)).toBeLessThanOrEqual(memory(rec.target));
  expect(memory(rec.target)).toBeLessThanOrEqual(memory(rec.upperBound));
}

describe('the sandbox VPA recommender', () => {
  let policy: { minAllowed: Resources; maxAllowed: Resources };
  let baseline: ContainerRecommendation;

  beforeAll(async () => {
    sb = await ensureSandbox({ timeoutMs: START_TIMEOUT });
    // a previous run may have left the high usage behind
    await restoreLoadTable();
    const v = await vpa();
    policy = v.spec.resourcePolicy.containerPolicies.find(
      (p: { containerName: string }) => p.containerName === CONTAINER,
    );
  }, START_TIMEOUT + 60_000);

  afterAll(async () => {
    if (sb) {
      await restoreLoadTable();
      await sb.stop();
    }
  }, 2 * 60_000);

  it(
    'recommends target, bounds and uncapped target within minAllowed/maxAllowed from the metrics API',
    async () => {
      const now = await usage();
      // (right after a reset the decaying high samples may still dominate)
      baseline = (await waitUntil(
        `a recommendation for ${VPA} near the metrics API's ${now.cpu}m cpu`,
        recommendation,
        rec => !!rec?.uncappedTarget && cpu(rec.uncappedTarget) < 2 * now.cpu,
        RECOMMENDATION_TIMEOUT,
      ))!;
      for (const key of [
        'target',
        'lowerBound',
        'upperBound',
        'uncappedTarget',
      ] as const) {
        expect(baseline[key].cpu).toBeDefined();
        expect(baseline[key].memory).toBeDefined();
      }
      expectWithinPolicy(baseline, policy);
      // the recommender adds a safety margin to what the metrics API reports
      expect(cpu(baseline.uncappedTarget)).toBeGreaterThanOrEqual(now.cpu);
      expect(memory(baseline.uncappedTarget)).toBeGreaterThanOrEqual(
        now.memory,
      );
    },
    RECOMMENDATION_TIMEOUT + 60_000,
  );

  it(
    'raises the target after ml-usage-high raises the modelled usage',
    async () => {
      const before = await usage();
      await scenario('ml-usage-high');
      const high = await waitUntil(
        'the metrics API to report the higher usage',
        usage,
        u => u.cpu > before.cpu && u.memory > before.memory,
        60_000,
      );
      const rec = (await waitUntil(
        `${VPA}'s uncapped target to reach the metrics API's ${high.cpu}m cpu / ${high.memory} B`,
        recommendation,
        r =>
          !!r &&
          cpu(r.uncappedTarget) >= high.cpu &&
          memory(r.uncappedTarget) >= high.memory,
        RECOMMENDATION_TIMEOUT,
      ))!;
      expect(cpu(rec.target)).toBeGreaterThan(cpu(baseline.target));
      expect(memory(rec.target)).toBeGreaterThan(memory(baseline.target));
      expectWithinPolicy(rec, policy);
    },
    RECOMMENDATION_TIMEOUT + 3 * 60_000,
  );
});
