/*
 * Integration test against the sandbox (`ensureSandbox()`: $SANDBOX_STATE, else
 * <repo>/.sandbox; reused when it runs, started otherwise; it fails, never
 * skips, when the sandbox cannot be reached). The plugin runs in a test backend
 * with the real cluster watch cache (the sandbox's kube-apiserver, the portal's
 * least-privilege token), the real Argo CD instance client, the real scheduler
 * and a SQLite file, so a second backend started after the first one stopped
 * finds what the first saw. The scenarios really happen in the cluster
 * (sandbox/bin/scenario.sh); the sandbox is reset before and after.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  AttentionProblem,
  AttentionResponse,
} from '@supply-chain/plugin-attention-common';
import { loadRealCatalog } from '@supply-chain/plugin-service-boundaries-common/testUtils';
import {
  ensureSandbox,
  portalArgoCdConfig,
  portalKubernetesConfig,
  Sandbox,
  waitUntil,
} from '@supply-chain/sandbox-harness';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { attentionPlugin } from './plugin';

// four scenarios wait for the real controllers; the file takes ~3-4 min
jest.setTimeout(480_000);

const execFileAsync = promisify(execFile);
const repoRoot = resolve(__dirname, '..', '..', '..');

let sb: Sandbox;
let dbDir: string;
let backend: { server: any; stop: () => Promise<void> } | undefined;
const sent: NotificationSendOptions[] = [];

async function scenario(name: string): Promise<string> {
  const { stdout } = await execFileAsync(
    join(repoRoot, 'sandbox', 'bin', 'scenario.sh'),
    [name],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        SANDBOX_STATE: sb.stateDir,
        KUBECONFIG: sb.kubeconfigPath,
      },
      timeout: 300_000,
    },
  );
  return stdout;
}

async function kubectl(...args: string[]): Promise<string> {
  const bin = join(sb.stateDir, 'bin', 'kubectl');
  const { stdout } = await execFileAsync(
    existsSync(bin) ? bin : 'kubectl',
    ['--kubeconfig', sb.kubeconfigPath, ...args],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return stdout.trim();
}

// the organisation's catalog (catalog/*.yaml): the owners, and the declared
// dependencies the boundary drift is computed against
const entities = loadRealCatalog();
const INVENTORY = 'component:default/inventory-service';
/** the seed's one boundary drift: the mesh lets admin-sa into inventory-service, undeclared */
const isSeedDrift = (p: AttentionProblem) =>
  p.kind === 'boundary-drift' && p.entityRef === INVENTORY;
/** services created by earlier tests of the run are in the cluster but not in this catalog */
const notUnowned = (list: AttentionProblem[]) =>
  list.filter(p => p.kind !== 'unowned-workload');

async function startBackend() {
  const started = await startTestBackend({
    features: [
      attentionPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async n => void sent.push(n) }),
      }),
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: dbDir },
            },
          },
          kubernetes: portalKubernetesConfig(sb),
          argocd: portalArgoCdConfig(sb),
          attention: { evaluateEverySeconds: 2, resolveAfterSeconds: 5 },
        },
      }),
    ],
  });
  backend = started;
  return started;
}

async function problems(): Promise<AttentionResponse> {
  const res = await request(backend!.server)
    .get('/api/attention/problems')
    .set(
      'Authorization',
      mockCredentials.user.header('user:default/aisha.khan'),
    );
  expect(res.status).toBe(200);
  return res.body;
}

async function waitForProblem(
  kind: AttentionProblem['kind'],
  entityName: string,
): Promise<AttentionProblem> {
  const body = await waitUntil(
    `a ${kind} problem of ${entityName}`,
    problems,
    b =>
      b.problems.some(
        p =>
          p.kind === kind && p.entityRef === `component:default/${entityName}`,
      ),
    180_000,
  );
  return body.problems.find(
    p => p.kind === kind && p.entityRef === `component:default/${entityName}`,
  )!;
}

beforeAll(async () => {
  sb = await ensureSandbox();
  await scenario('reset');
  dbDir = mkdtempSync(join(tmpdir(), 'attention-it-'));
  await startBackend();
  await waitUntil(
    'the first evaluation',
    problems,
    b => b.evaluatedAt !== undefined,
    60_000,
  );
});

afterAll(async () => {
  await backend?.stop();
  if (sb) await scenario('reset').catch(() => undefined);
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

describe('the attention model against the sandbox', () => {
  it("lists only the seed's boundary drift for the seeded baseline, notifies nothing, every source healthy", async () => {
    const body = await waitUntil(
      'the boundary drift of the seeded AuthorizationPolicy',
      problems,
      b => b.problems.some(isSeedDrift),
      60_000,
    );
    const [seedDrift, ...others] = notUnowned(body.problems);
    expect(others).toEqual([]);
    expect(seedDrift).toMatchObject({
      kind: 'boundary-drift',
      entityRef: INVENTORY,
      severity: 'warning',
      ownerRef: 'group:default/inventory-team',
      title: 'inventory-service: boundaries drift from the catalog',
      link: '/catalog/default/component/inventory-service',
    });
    expect(seedDrift.reason).toMatch(
      /^1 undeclared caller .*cluster\.local\/ns\/supply-chain\/sa\/admin-sa$/,
    );
    expect(body.sources).toEqual([
      { name: 'catalog', healthy: true },
      { name: 'clusters', healthy: true },
      { name: 'argocd', healthy: true },
    ]);
    expect(sent).toEqual([]);
  });

  it('opens each scenario as a problem of the right team, in the words of the cluster, and notifies it once', async () => {
    await scenario('stalled-rollout');
    const stalled = await waitForProblem('rollout-stalled', 'order-service');
    expect(
      await kubectl(
        '-n',
        'supply-chain',
        'get',
        'deployment',
        'order-service',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
      ),
    ).toBe('ProgressDeadlineExceeded');
    expect(stalled).toMatchObject({
      ownerRef: 'group:default/fulfillment-team',
      subject: 'sandbox/supply-chain/Deployment order-service',
      link: '/catalog/default/component/order-service/rollouts',
    });
    expect(stalled.reason).toBe(
      'deployment "order-service" exceeded its progress deadline',
    );

    await scenario('crash-loop');
    const crash = await waitForProblem('crash-loop', 'shipping-service');
    expect(crash.ownerRef).toBe('group:default/fulfillment-team');
    expect(crash.reason).toMatch(/CrashLoopBackOff/);

    await scenario('mlmodel-failed');
    const model = await waitForProblem(
      'mlmodel-failed',
      'ml-prediction-service',
    );
    expect(model).toMatchObject({
      ownerRef: 'group:default/ml-team',
      subject: 'sandbox/supply-chain/MLModel route-optimization-v1',
    });
    const operatorReason = await kubectl(
      '-n',
      'supply-chain',
      'get',
      'mlmodel',
      'route-optimization-v1',
      '-o',
      'jsonpath={.metadata.annotations.ml\\.supplychain\\.io/failure-reason}',
    );
    expect(model.reason).toBe(`Failed: ${operatorReason}`);

    await scenario('argocd-out-of-sync');
    const drift = await waitForProblem('argocd-out-of-sync', 'order-service');
    expect(drift).toMatchObject({
      severity: 'warning',
      link: '/catalog/default/component/order-service/argocd',
    });
    expect(drift.reason).toMatch(/Deployment order-service/);

    // one notification per problem, to the owning group; drift is listed, not sent
    const opened = (await problems()).problems;
    const notified = sent.map(n => n.payload.scope);
    for (const p of opened) {
      expect(notified.filter(s => s === `attention:${p.id}`)).toHaveLength(
        isSeedDrift(p) ? 0 : 1,
      );
    }
    expect(
      sent.find(n => n.payload.scope === `attention:${stalled.id}`)!.recipients,
    ).toEqual({ type: 'entity', entityRef: 'group:default/fulfillment-team' });
  });

  it('a Deployment no catalog entity claims is listed under its namespace, of no entity and notified to nobody, and leaves the list when deleted', async () => {
    const unownedIn = async () =>
      (await problems()).problems.find(
        p => p.id === 'unowned-workload:sandbox/supply-chain',
      );
    await kubectl(
      '-n',
      'supply-chain',
      'create',
      'deployment',
      'stray-report-job',
      '--image=registry.example/reports/stray:1.0',
    );
    try {
      const listed = await waitUntil(
        'stray-report-job among the unowned workloads',
        unownedIn,
        p => !!p?.reason.includes('Deployment stray-report-job'),
        60_000,
      );
      expect(listed).toMatchObject({
        kind: 'unowned-workload',
        severity: 'warning',
        subject: 'namespace sandbox/supply-chain',
        link: '/who-owns',
      });
      expect(listed).not.toHaveProperty('entityRef');
      expect(listed!.reason).toContain(
        'Deployment stray-report-job (registry.example/reports/stray:1.0)',
      );
      expect(
        sent.filter(n => n.payload.scope === `attention:${listed!.id}`),
      ).toEqual([]);
    } finally {
      await kubectl(
        '-n',
        'supply-chain',
        'delete',
        'deployment',
        'stray-report-job',
        '--wait=true',
      );
    }
    await waitUntil(
      'stray-report-job to leave the list',
      unownedIn,
      p => !p?.reason.includes('stray-report-job'),
      60_000,
    );
  });

  it('keeps its problems and since-times across a backend restart without announcing them again', async () => {
    const before = (await problems()).problems;
    const sentBefore = sent.length;
    await backend!.stop();
    await startBackend();
    const after = await waitUntil(
      'the restarted backend to evaluate',
      problems,
      b => b.evaluatedAt !== undefined,
      60_000,
    );
    await new Promise(r => setTimeout(r, 5_000)); // two more evaluations
    expect(
      (await problems()).problems.map(p => [p.id, p.since]).sort(),
    ).toEqual(before.map(p => [p.id, p.since]).sort());
    expect(after.problems.length).toBe(before.length);
    expect(sent.length).toBe(sentBefore);
  });

  it('resolves every scenario\'s problem after reset, replacing each notification with "Resolved"', async () => {
    const open = notUnowned((await problems()).problems).filter(
      p => !isSeedDrift(p),
    );
    await scenario('reset');
    await waitUntil(
      'every problem but the seed drift to resolve',
      problems,
      b => {
        const left = notUnowned(b.problems);
        return left.length === 1 && isSeedDrift(left[0]);
      },
      240_000,
    );
    for (const p of open) {
      const last = sent.filter(n => n.payload.scope === `attention:${p.id}`);
      expect(last.map(n => n.payload.title)).toEqual([
        p.title,
        `Resolved: ${p.title}`,
      ]);
    }
  });
});
