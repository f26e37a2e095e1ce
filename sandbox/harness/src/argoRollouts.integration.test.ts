// The sandbox runs the real Argo Rollouts controller with Istio traffic
// routing (issue 20). Against the seeded Rollouts of namespace
// progressive-delivery this proves what a user would see with
// `kubectl argo rollouts get` and `kubectl get virtualservice -o yaml`:
//  - the payment-service canary goes from v1 to v2 step by step: 20 % and
//    paused, promoted to 50 % and its analysis, then 100 %, with the weights
//    read back from the VirtualService and the DestinationRule subsets
//    pointing at the stable/canary ReplicaSets;
//  - a failing analysis (the ConfigMap payment-service-metrics flipped below
//    0.95) aborts it: traffic back on stable, the Rollout Degraded; a retry
//    with a good metric and a promote completes it;
//  - the notification-service blue-green keeps its active Service on the old
//    ReplicaSet and the preview on the new one until promoted, then switches
//    the active Service's selector;
//  - both are Argo CD Applications synced from the GitOps repository.
// Promote, abort and retry patch the Rollout exactly as the upstream
// kubectl-argo-rollouts plugin does (pkg/kubectl-argo-rollouts/cmd/promote,
// abort, retry of github.com/argoproj/argo-rollouts v1.10.1).
//
// Uses the sandbox of $SANDBOX_STATE (and $SANDBOX_PORT_OFFSET), default
// .sandbox/, starting it when needed; both Rollouts and the metric are
// restored to v1 / passing before and after.
//
//   CI=true yarn backstage-cli repo test --runInBand --testPathPatterns 'sandbox/harness/src/argoRollouts'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureSandbox, waitUntil, type Sandbox } from './index.ts';

const run = promisify(execFile);
const START_TIMEOUT = 45 * 60_000; // a first start may build the binaries
const STEP_TIMEOUT = 90_000;
const NS = 'progressive-delivery';
const CANARY = 'payment-service';
const BLUE_GREEN = 'notification-service';
const METRICS_CONFIGMAP = 'payment-service-metrics';
const HASH_LABEL = 'rollouts-pod-template-hash';

let sb: Sandbox;

interface PauseCondition {
  reason: string;
}
interface Rollout {
  metadata: { generation: number };
  spec: {
    paused?: boolean;
    template: {
      metadata: { labels: Record<string, string> };
      spec: { containers: Array<{ image: string }> };
    };
    strategy: { canary?: { steps?: unknown[] }; blueGreen?: unknown };
  };
  status?: {
    phase?: string;
    message?: string;
    abort?: boolean;
    controllerPause?: boolean;
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    observedGeneration?: string;
    pauseConditions?: PauseCondition[];
    canary?: {
      currentStepAnalysisRunStatus?: { status?: string; name?: string };
    };
    blueGreen?: { activeSelector?: string; previewSelector?: string };
  };
}

async function kubectl(...args: string[]): Promise<string> {
  try {
    const r = await run(join(sb.stateDir, 'bin', 'kubectl'), args, {
      env: { ...process.env, KUBECONFIG: sb.kubeconfigPath },
      maxBuffer: 16 * 1024 * 1024,
    });
    return r.stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${err.stderr ?? err.message}`,
    );
  }
}

const getJson = async <T>(...args: string[]): Promise<T> =>
  JSON.parse(await kubectl('-n', NS, 'get', ...args, '-o', 'json')) as T;
const rollout = (name: string) => getJson<Rollout>('rollout', name);

/** weights of route "primary" of the canary's VirtualService, by subset */
async function weights(): Promise<Record<string, number>> {
  const vs = await getJson<{
    spec: {
      http: Array<{
        name?: string;
        route: Array<{ destination: { subset: string }; weight?: number }>;
      }>;
    };
  }>('virtualservice', CANARY);
  const primary = vs.spec.http.find(h => h.name === 'primary');
  if (!primary)
    throw new Error(`VirtualService ${CANARY} has no route "primary"`);
  return Object.fromEntries(
    primary.route.map(r => [r.destination.subset, r.weight ?? 0]),
  );
}

/** the rollouts-pod-template-hash each DestinationRule subset selects */
async function subsetHashes(): Promise<Record<string, string | undefined>> {
  const dr = await getJson<{
    spec: { subsets: Array<{ name: string; labels?: Record<string, string> }> };
  }>('destinationrule', CANARY);
  return Object.fromEntries(
    dr.spec.subsets.map(s => [s.name, s.labels?.[HASH_LABEL]]),
  );
}

const selectorHash = async (service: string) =>
  (
    await getJson<{ spec: { selector?: Record<string, string> } }>(
      'service',
      service,
    )
  ).spec.selector?.[HASH_LABEL];

function patch(name: string, body: object, subresource?: 'status') {
  return kubectl(
    '-n',
    NS,
    'patch',
    'rollout',
    name,
    '--type',
    'merge',
    '-p',
    JSON.stringify(body),
    ...(subresource ? ['--subresource', subresource] : []),
  );
}

/** status patch first, the main resource when the status subresource is missing (as the plugin does) */
async function patchStatus(name: string, status: object, unified: object) {
  try {
    await patch(name, { status }, 'status');
  } catch (e) {
    if (!/NotFound|not found/.test(String(e))) throw e;
    await patch(name, unified);
  }
}

/** `kubectl argo rollouts promote NAME` (getPatches' default case) */
async function promote(name: string) {
  const ro = await rollout(name);
  const st = ro.status ?? {};
  const steps = ro.spec.strategy.canary?.steps;
  const nextStep = () => {
    const i = st.currentStepIndex ?? 0;
    return steps && i < steps.length ? i + 1 : i;
  };
  let status: object | undefined;
  let unified: object = {
    spec: { paused: false },
    status: { pauseConditions: null },
  };
  const inconclusive =
    !!ro.spec.strategy.canary &&
    st.canary?.currentStepAnalysisRunStatus?.status === 'Inconclusive';
  if (inconclusive && st.pauseConditions?.length && st.controllerPause) {
    if (st.currentStepIndex !== undefined)
      status = {
        pauseConditions: null,
        controllerPause: false,
        currentStepIndex: nextStep(),
      };
  } else if (st.pauseConditions?.length) {
    status = { pauseConditions: null };
  } else if (ro.spec.strategy.canary && st.currentStepIndex !== undefined) {
    status = { pauseConditions: null, currentStepIndex: nextStep() };
    unified = { spec: { paused: false }, status };
  }
  let specPatch: object | undefined = ro.spec.paused
    ? { spec: { paused: false } }
    : undefined;
  if (status) {
    try {
      await patch(name, { status }, 'status');
    } catch (e) {
      if (!/NotFound|not found/.test(String(e))) throw e;
      specPatch = unified;
    }
  }
  if (specPatch) await patch(name, specPatch);
}

/** `kubectl argo rollouts promote --full NAME` */
async function promoteFull(name: string) {
  const ro = await rollout(name);
  let specPatch: object | undefined = ro.spec.paused
    ? { spec: { paused: false } }
    : undefined;
  if (ro.status?.currentPodHash !== ro.status?.stableRS) {
    try {
      await patch(name, { status: { promoteFull: true } }, 'status');
    } catch (e) {
      if (!/NotFound|not found/.test(String(e))) throw e;
      specPatch = { spec: { paused: false }, status: { promoteFull: true } };
    }
  }
  if (specPatch) await patch(name, specPatch);
}

/** `kubectl argo rollouts retry rollout NAME` */
const retry = (name: string) =>
  patchStatus(name, { abort: false }, { status: { abort: false } });

/** `kubectl argo rollouts set image NAME NAME=IMAGE` plus the version label */
function setVersion(name: string, version: string) {
  return kubectl(
    '-n',
    NS,
    'patch',
    'rollout',
    name,
    '--type',
    'json',
    '-p',
    JSON.stringify([
      {
        op: 'replace',
        path: '/spec/template/spec/containers/0/image',
        value: `your-registry/${name}:${version}.0.0`,
      },
      {
        op: 'replace',
        path: '/spec/template/metadata/labels/version',
        value: version,
      },
    ]),
  );
}

function setSuccessRate(value: string) {
  return kubectl(
    '-n',
    NS,
    'patch',
    'configmap',
    METRICS_CONFIGMAP,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ data: { successRate: value } }),
  );
}

const reconciled = (ro: Rollout) =>
  String(ro.metadata.generation) === ro.status?.observedGeneration;

function describeRollout(ro: Rollout) {
  const s = ro.status ?? {};
  return `phase=${s.phase} message=${s.message ?? ''} step=${
    s.currentStepIndex
  } abort=${!!s.abort} pause=${(s.pauseConditions ?? [])
    .map(p => p.reason)
    .join(',')} stable=${s.stableRS} current=${s.currentPodHash}`;
}

/** waits until the Rollout satisfies ok(), naming what it waited for and where it stood */
async function waitRollout(
  name: string,
  what: string,
  ok: (ro: Rollout) => boolean,
  timeoutMs = STEP_TIMEOUT,
): Promise<Rollout> {
  const deadline = Date.now() + timeoutMs;
  let last: Rollout | undefined;
  while (Date.now() < deadline) {
    last = await rollout(name);
    if (reconciled(last) && ok(last)) return last;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `Rollout ${NS}/${name}: timed out after ${
      timeoutMs / 1000
    }s waiting for ${what}; it is at ${
      last ? describeRollout(last) : 'nothing'
    }`,
  );
}

const image = (ro: Rollout) => ro.spec.template.spec.containers[0].image;
const healthyAt = (version: string) => (ro: Rollout) =>
  ro.status?.phase === 'Healthy' &&
  image(ro).endsWith(`:${version}.0.0`) &&
  ro.status.currentPodHash === ro.status.stableRS;

/** both Rollouts fully on v1, the metric passing (whatever a failed run left) */
async function restoreBaseline() {
  await setSuccessRate('0.99');
  for (const name of [CANARY, BLUE_GREEN]) {
    const ro = await rollout(name);
    if (healthyAt('v1')(ro) && !ro.status?.abort) continue;
    if (!image(ro).endsWith(':v1.0.0')) await setVersion(name, 'v1');
    if (ro.status?.abort) await retry(name);
    await waitRollout(name, 'the v1 revision to be picked up', r =>
      image(r).endsWith(':v1.0.0'),
    );
    await promoteFull(name);
    await waitRollout(
      name,
      'v1 Healthy and stable',
      healthyAt('v1'),
      2 * STEP_TIMEOUT,
    );
  }
}

function argocdApp(name: string): Promise<{
  status: {
    sync: { status: string; revision?: string };
    operationState?: { phase: string };
    resources?: Array<{ kind: string; name: string; namespace?: string }>;
  };
  spec: { source: { repoURL: string; path: string } };
}> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${sb.argocdServer}/api/v1/applications/${name}`,
      {
        headers: { Authorization: `Bearer ${sb.argocdToken}` },
        timeout: 10_000,
      },
      res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(body))
            : reject(
                new Error(
                  `Argo CD GET /api/v1/applications/${name}: HTTP ${
                    res.statusCode
                  } ${body.slice(0, 300)}`,
                ),
              ),
        );
      },
    );
    req.on('error', reject);
    req.on('timeout', () =>
      req.destroy(
        new Error(`Argo CD GET /api/v1/applications/${name} timed out`),
      ),
    );
  });
}

describe('Argo Rollouts in the sandbox', () => {
  beforeAll(async () => {
    sb = await ensureSandbox({ timeoutMs: START_TIMEOUT });
    // a sandbox started before Argo Rollouts was added is reused as it is
    const seeded = await kubectl(
      '-n',
      NS,
      'get',
      'rollouts',
      '-o',
      'name',
    ).catch((e: Error) => e.message);
    if (!seeded.includes(`rollout.argoproj.io/${CANARY}`))
      throw new Error(
        `the sandbox in ${
          sb.stateDir
        } has no Rollout ${NS}/${CANARY} (${seeded.trim()}): it was started before Argo Rollouts was added; start it again (sandbox/bin/up.sh restarts it and seeds them)`,
      );
    await restoreBaseline();
  }, START_TIMEOUT + 6 * STEP_TIMEOUT);

  afterAll(async () => {
    if (sb) {
      await restoreBaseline();
      await sb.stop();
    }
  }, 6 * STEP_TIMEOUT);

  it(
    'deploys both Rollouts as Argo CD Applications synced from the GitOps repository',
    async () => {
      for (const [appName, kind, name] of [
        [CANARY, 'Rollout', CANARY],
        [CANARY, 'Service', CANARY],
        [CANARY, 'VirtualService', CANARY],
        [CANARY, 'DestinationRule', CANARY],
        [CANARY, 'AnalysisTemplate', 'payment-service-success-rate'],
        [BLUE_GREEN, 'Rollout', BLUE_GREEN],
        [BLUE_GREEN, 'Service', BLUE_GREEN],
        [BLUE_GREEN, 'Service', `${BLUE_GREEN}-preview`],
      ]) {
        const app = await waitUntil(
          `Argo CD application ${appName} Synced with a ${kind} ${name}`,
          () => argocdApp(appName),
          a =>
            a.status.sync.status === 'Synced' &&
            // a sync still Running (e.g. the one a reset asked for) has not ended yet
            a.status.operationState?.phase !== 'Running' &&
            !!a.status.resources?.some(
              r => r.kind === kind && r.name === name && r.namespace === NS,
            ),
          STEP_TIMEOUT,
        );
        expect(app.spec.source.path).toBe(`apps/${appName}`);
        expect(app.status.operationState?.phase).toBe('Succeeded');
      }
    },
    3 * STEP_TIMEOUT,
  );

  it(
    'advances the canary from v1 to v2 step by step, with the weights set in the VirtualService',
    async () => {
      const v1 = await rollout(CANARY);
      const stableHash = v1.status!.stableRS!;
      expect(await weights()).toEqual({ stable: 100, canary: 0 });

      await setVersion(CANARY, 'v2');
      // step 0 (setWeight 20) done, paused at step 1 (pause {})
      const paused = await waitRollout(
        CANARY,
        'paused at step 1 (20 %)',
        ro =>
          ro.status?.phase === 'Paused' &&
          ro.status.currentStepIndex === 1 &&
          !!ro.status.pauseConditions?.some(
            p => p.reason === 'CanaryPauseStep',
          ),
      );
      const canaryHash = paused.status!.currentPodHash!;
      expect(canaryHash).not.toBe(stableHash);
      expect(paused.status!.stableRS).toBe(stableHash);
      await waitUntil(
        'VirtualService weights stable 80 / canary 20',
        weights,
        w => w.stable === 80 && w.canary === 20,
        30_000,
      );
      expect(await subsetHashes()).toEqual({
        stable: stableHash,
        canary: canaryHash,
      });

      await promote(CANARY);
      // step 2 (setWeight 50), then step 3 runs the analysis (two measurements 10 s apart)
      await waitUntil(
        'VirtualService weights 50 / 50 after promote',
        async () => ({ w: await weights(), ro: await rollout(CANARY) }),
        ({ w, ro }) =>
          w.stable === 50 &&
          w.canary === 50 &&
          (ro.status?.currentStepIndex ?? 0) >= 2,
        STEP_TIMEOUT,
      );
      const analysing = await waitRollout(
        CANARY,
        'the analysis step (3) to start an AnalysisRun',
        ro =>
          ro.status?.currentStepIndex === 3 &&
          !!ro.status.canary?.currentStepAnalysisRunStatus?.name,
      );
      const runName =
        analysing.status!.canary!.currentStepAnalysisRunStatus!.name!;

      const done = await waitRollout(
        CANARY,
        'v2 fully promoted after a successful analysis',
        healthyAt('v2'),
      );
      expect(done.status!.stableRS).toBe(canaryHash);
      expect(done.status!.currentStepIndex).toBe(4);
      // (at the end of the steps the controller briefly routes 100 % to the
      // promoted ReplicaSet as 'canary', then resets the weights to stable)
      await waitUntil(
        'VirtualService weights back to stable 100 / canary 0 after the promotion',
        weights,
        w => w.stable === 100 && w.canary === 0,
        30_000,
      );
      await waitUntil(
        `both DestinationRule subsets on the promoted ReplicaSet ${canaryHash}`,
        subsetHashes,
        h => h.stable === canaryHash && h.canary === canaryHash,
        30_000,
      );

      const run = await getJson<{
        status: {
          phase: string;
          metricResults: Array<{
            name: string;
            phase: string;
            measurements: Array<{ value: string; phase: string }>;
          }>;
        };
      }>('analysisrun', runName);
      expect(run.status.phase).toBe('Successful');
      const m = run.status.metricResults.find(r => r.name === 'success-rate')!;
      expect(m.measurements.map(x => [x.value, x.phase])).toEqual([
        ['"0.99"', 'Successful'],
        ['"0.99"', 'Successful'],
      ]);
    },
    4 * STEP_TIMEOUT,
  );

  it(
    'aborts the canary when the analysis fails, and completes it after a retry and a promote',
    async () => {
      const before = await waitRollout(
        CANARY,
        'Healthy before the next canary',
        r => r.status?.phase === 'Healthy',
      );
      const stableHash = before.status!.stableRS!;
      await setSuccessRate('0.42');
      await setVersion(CANARY, 'v3');
      await waitRollout(
        CANARY,
        'paused at step 1 (20 %)',
        ro => ro.status?.phase === 'Paused' && ro.status.currentStepIndex === 1,
      );
      await promote(CANARY);

      const aborted = await waitRollout(
        CANARY,
        'aborted by the failed analysis',
        ro => !!ro.status?.abort && ro.status.phase === 'Degraded',
      );
      expect(aborted.status!.message).toMatch(/RolloutAborted/);
      expect(aborted.status!.message).toMatch(/success-rate/);
      expect(aborted.status!.stableRS).toBe(stableHash);
      await waitUntil(
        'traffic back on stable after the abort',
        weights,
        w => w.stable === 100 && w.canary === 0,
        30_000,
      );
      const runs = await getJson<{
        items: Array<{
          status?: {
            phase?: string;
            metricResults?: Array<{
              measurements?: Array<{ value: string; phase: string }>;
            }>;
          };
        }>;
      }>(
        'analysisrun',
        '-l',
        `${HASH_LABEL}=${aborted.status!.currentPodHash}`,
      );
      const failed = runs.items.find(r => r.status?.phase === 'Failed');
      expect(
        failed?.status?.metricResults?.[0].measurements?.[0],
      ).toMatchObject({ value: '"0.42"', phase: 'Failed' });

      // retry (abort: false) with a passing metric: the steps start again
      await setSuccessRate('0.99');
      await retry(CANARY);
      await waitRollout(
        CANARY,
        'paused at step 1 again after the retry',
        ro =>
          !ro.status?.abort &&
          ro.status?.phase === 'Paused' &&
          ro.status.currentStepIndex === 1,
      );
      await promote(CANARY);
      const done = await waitRollout(
        CANARY,
        'v3 fully promoted',
        healthyAt('v3'),
      );
      expect(done.status!.stableRS).not.toBe(stableHash);
      // (at the end of the steps the controller briefly routes 100 % to the
      // promoted ReplicaSet as 'canary', then resets the weights to stable)
      await waitUntil(
        'VirtualService weights back to stable 100 / canary 0 after the promotion',
        weights,
        w => w.stable === 100 && w.canary === 0,
        30_000,
      );
    },
    6 * STEP_TIMEOUT,
  );

  it(
    'switches the blue-green active Service to the new ReplicaSet on promote',
    async () => {
      const v1 = await rollout(BLUE_GREEN);
      const oldHash = v1.status!.stableRS!;
      expect(await selectorHash(BLUE_GREEN)).toBe(oldHash);

      await setVersion(BLUE_GREEN, 'v2');
      const paused = await waitRollout(
        BLUE_GREEN,
        'v2 waiting behind the preview Service',
        ro =>
          ro.status?.phase === 'Paused' &&
          !!ro.status.pauseConditions?.some(p => p.reason === 'BlueGreenPause'),
      );
      const newHash = paused.status!.currentPodHash!;
      expect(newHash).not.toBe(oldHash);
      expect(await selectorHash(`${BLUE_GREEN}-preview`)).toBe(newHash);
      expect(await selectorHash(BLUE_GREEN)).toBe(oldHash);

      await promote(BLUE_GREEN);
      await waitUntil(
        `the active Service ${BLUE_GREEN} to select ${newHash}`,
        () => selectorHash(BLUE_GREEN),
        h => h === newHash,
        STEP_TIMEOUT,
      );
      const done = await waitRollout(
        BLUE_GREEN,
        'v2 active and Healthy',
        healthyAt('v2'),
      );
      expect(done.status!.blueGreen?.activeSelector).toBe(newHash);
    },
    3 * STEP_TIMEOUT,
  );
});
