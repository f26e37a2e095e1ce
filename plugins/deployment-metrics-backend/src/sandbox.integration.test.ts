/*
 * Integration test against the sandbox (`ensureSandbox()`: $SANDBOX_STATE,
 * else <repo>/.sandbox; reused when it runs, started otherwise; it fails,
 * never skips, when the sandbox cannot be reached). The plugin runs in a test
 * backend with the real cluster watch cache (the sandbox's kube-apiserver, the
 * portal's least-privilege token), the real Argo CD instance client, the real
 * scheduler and a SQLite file in a temporary folder, so that a second backend
 * started after the first one stopped finds what the first recorded.
 *
 * The scenarios really happen in the cluster (sandbox/bin/scenario.sh, kubectl,
 * the Argo CD API); every expected number is derived from what the cluster and
 * Argo CD report (ReplicaSet creation, Progressing condition, sync history).
 * The sandbox is reset to its seeded baseline before and after.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DeploymentMetrics,
  GroupMetricsResponse,
  RolloutEvent,
  RolloutsResponse,
} from '@supply-chain/plugin-deployment-metrics-common';
import {
  ensureSandbox,
  portalArgoCdConfig,
  portalKubernetesConfig,
  readSandboxEnv,
  Sandbox,
  waitUntil,
} from '@supply-chain/sandbox-harness';
import knexFactory from 'knex';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { deploymentMetricsPlugin } from './plugin';

// every scenario waits for the real controllers; the whole file takes ~3-5 min
jest.setTimeout(420_000);

const execFileAsync = promisify(execFile);
const repoRoot = resolve(__dirname, '..', '..', '..');
const NS = 'supply-chain';

let sb: Sandbox;
let sandboxEnv: Record<string, string>;
let dbDir: string;
let backend: { server: any; stop: () => Promise<void> } | undefined;

/** kubectl as the sandbox admin (only to act and to read what the cluster did) */
async function kubectl(...args: string[]): Promise<string> {
  const bin = join(sb.stateDir, 'bin', 'kubectl');
  const { stdout } = await execFileAsync(
    existsSync(bin) ? bin : 'kubectl',
    ['--kubeconfig', sb.kubeconfigPath, '-n', NS, ...args],
    { encoding: 'utf8', timeout: 180_000 },
  );
  return stdout.trim();
}

/** a named scenario of sandbox/bin/scenario.sh, without blocking the event loop */
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

/** What the cluster says about the current rollout of a Deployment. */
async function clusterRollout(name: string) {
  const d = JSON.parse(await kubectl('get', 'deployment', name, '-o', 'json'));
  const revision = Number(
    d.metadata.annotations['deployment.kubernetes.io/revision'],
  );
  const rs = JSON.parse(
    await kubectl('get', 'rs', '-l', `app=${name}`, '-o', 'json'),
  ).items.find(
    (r: any) =>
      Number(r.metadata.annotations['deployment.kubernetes.io/revision']) ===
      revision,
  );
  const progressing = d.status.conditions.find(
    (c: any) => c.type === 'Progressing',
  );
  return {
    uid: d.metadata.uid as string,
    revision,
    replicaSetCreated: Date.parse(rs.metadata.creationTimestamp),
    progressingReason: progressing?.reason as string,
    progressingUpdated: Date.parse(progressing?.lastUpdateTime),
    desired: d.spec.replicas as number,
    available: (d.status.availableReplicas ?? 0) as number,
    updated: (d.status.updatedReplicas ?? 0) as number,
  };
}

const component = (name: string, owner: string, argoApp?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': name,
      ...(argoApp
        ? { 'argocd/app-name': argoApp, 'argocd/instance-name': 'sandbox' }
        : {}),
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner,
    system: 'system:default/supply-chain',
  },
});

const entities = [
  component('inventory-service', 'group:default/inventory-team'),
  component('order-service', 'group:default/order-team', 'order-service'),
  component('shipping-service', 'group:default/order-team'),
];

async function startBackend() {
  const started = await startTestBackend({
    features: [
      deploymentMetricsPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities }),
      }),
      // the real scheduler (the Argo CD poll runs on its schedule) on the SQLite file
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
          deploymentMetrics: { argocdSyncs: { pollSeconds: 2 } },
        },
      }),
    ],
  });
  backend = started;
  // recording has begun once the startup reconciliation stored every Deployment
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dbDir, 'deployment-metrics.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await waitUntil(
      'the recorder to reconcile the sandbox Deployments',
      async () => {
        try {
          const [{ n }] = await db('deployment_metrics_deployments').count({
            n: '*',
          });
          return Number(n);
        } catch {
          return 0; // migrations not run yet
        }
      },
      n => n >= 4,
      60_000,
    );
  } finally {
    await db.destroy();
  }
  return started;
}

async function stopBackend() {
  const b = backend;
  backend = undefined;
  await b?.stop();
}

const api = async <T>(path: string): Promise<T> => {
  const res = await request(backend!.server).get(
    `/api/deployment-metrics${path}`,
  );
  if (res.status !== 200) {
    throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as T;
};
const rolloutsOf = async (service: string) =>
  api<RolloutsResponse>(
    `/rollouts?entityRef=component:default/${service}&outcome=all`,
  );
const rolloutTo = (body: RolloutsResponse, uid: string, revision: number) =>
  body.rollouts.filter(
    r => r.deploymentUid === uid && r.toRevision === revision,
  );

/** the recorded duration must be the cluster's: Progressing update − ReplicaSet creation */
function expectClusterDuration(
  recorded: RolloutEvent,
  cluster: Awaited<ReturnType<typeof clusterRollout>>,
) {
  expect(recorded.startedAt).toBe(
    new Date(cluster.replicaSetCreated).toISOString(),
  );
  expect(recorded.finishedAt).toBe(
    new Date(cluster.progressingUpdated).toISOString(),
  );
  expect(recorded.durationSeconds).toBe(
    Math.round((cluster.progressingUpdated - cluster.replicaSetCreated) / 1000),
  );
  expect(recorded.clockSkew).toBe(false);
}

const testStart = Date.now();
/** start times of every order-service sync Argo CD reported during the test */
const orderSyncStarts = new Set<string>();
async function noteOrderSyncHistory() {
  const app = JSON.parse(
    await kubectl(
      '-n',
      'argocd',
      'get',
      'application',
      'order-service',
      '-o',
      'json',
    ),
  );
  for (const h of app.status?.history ?? []) {
    orderSyncStarts.add(
      new Date(h.deployStartedAt ?? h.deployedAt).toISOString(),
    );
  }
  return app;
}
const revisions: Record<string, { uid: string; revision: number }> = {};

beforeAll(async () => {
  sb = await ensureSandbox();
  sandboxEnv = readSandboxEnv(sb.stateDir);
  await scenario('reset');
  // Argo CD's history holds syncs from before the test (seed, earlier resets):
  // real events with their times, recorded too
  await noteOrderSyncHistory();
  // Kubernetes reuses a ReplicaSet whose pod template it has seen before, and
  // the recorder counts a reused ReplicaSet as a rollback. Earlier runs (and
  // other suites) have applied the scenarios' templates already, so a run-unique
  // pod template annotation makes every template of this run new (the
  // scenarios' patches keep it); these rollouts finish before recording begins.
  const run = String(Date.now());
  for (const name of [
    'inventory-service',
    'order-service',
    'shipping-service',
  ]) {
    await kubectl(
      'patch',
      'deployment',
      name,
      '--type',
      'strategic',
      '-p',
      JSON.stringify({
        spec: {
          template: {
            metadata: { annotations: { 'deployment-metrics.test/run': run } },
          },
        },
      }),
    );
  }
  for (const name of [
    'inventory-service',
    'order-service',
    'shipping-service',
  ]) {
    await kubectl('rollout', 'status', `deployment/${name}`, '--timeout=120s');
  }
  dbDir = mkdtempSync(join(tmpdir(), 'deployment-metrics-it-'));
  await startBackend();
});

afterAll(async () => {
  await stopBackend();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  // leave the seeded baseline for the next suites
  if (sb) await scenario('reset');
});

describe('deployment metrics recorded from the sandbox', () => {
  it('records nothing before a deployment happens, and says so', async () => {
    const body = await api<any>(
      '/entity/component/default/inventory-service/metrics',
    );
    expect(body.current.message).toMatch(/^no deployments observed since /);
    expect(Date.parse(body.current.observedSince)).toBeGreaterThanOrEqual(
      testStart - 1000,
    );
  });

  it('records a rolling update (inventory-service v1.2.3 -> v1.3.0) with the cluster’s times and no capacity drop', async () => {
    const before = await clusterRollout('inventory-service');
    const t0 = Date.now();
    await scenario('rolling-update');
    const wallSeconds = (Date.now() - t0) / 1000;
    const cluster = await clusterRollout('inventory-service');
    expect(cluster.revision).toBe(before.revision + 1);
    expect(cluster.progressingReason).toBe('NewReplicaSetAvailable');
    const body = await waitUntil(
      'the inventory-service rollout to complete in the API',
      () => rolloutsOf('inventory-service'),
      b =>
        rolloutTo(b, cluster.uid, cluster.revision)[0]?.outcome === 'completed',
    );
    const rows = rolloutTo(body, cluster.uid, cluster.revision);
    expect(rows).toHaveLength(1);
    const r = rows[0];
    expect(r).toMatchObject({
      cluster: 'sandbox',
      namespace: NS,
      deployment: 'inventory-service',
      fromRevision: before.revision,
      version: 'v1.3.0',
      images: ['your-registry/inventory-service:v1.3.0'],
      rollback: false,
    });
    expectClusterDuration(r, cluster);
    // plausible: within the time the scenario took (a surge of one pod at a time)
    expect(r.durationSeconds!).toBeLessThanOrEqual(Math.ceil(wallSeconds) + 1);
    // maxUnavailable 0: capacity never fell below desired
    expect(r.minAvailableReplicas).toBeGreaterThanOrEqual(r.desiredReplicas);
    revisions.inventory = cluster;
  });

  it('records a stalled rollout (progress deadline) and the undo that rolls it back, with time to recover', async () => {
    const before = await clusterRollout('order-service');
    await scenario('stalled-rollout');
    const stalled = await clusterRollout('order-service');
    expect(stalled.progressingReason).toBe('ProgressDeadlineExceeded');
    await waitUntil(
      'the order-service rollout to show stalled',
      () => rolloutsOf('order-service'),
      b =>
        rolloutTo(b, stalled.uid, stalled.revision)[0]?.outcome === 'stalled',
    );

    await kubectl('rollout', 'undo', 'deployment/order-service');
    await kubectl(
      'rollout',
      'status',
      'deployment/order-service',
      '--timeout=120s',
    );
    const undone = await clusterRollout('order-service');
    expect(undone.revision).toBe(stalled.revision + 1);
    const body = await waitUntil(
      'the rollback to complete in the API',
      () => rolloutsOf('order-service'),
      b =>
        rolloutTo(b, undone.uid, undone.revision)[0]?.outcome === 'completed',
    );
    const [failed] = rolloutTo(body, stalled.uid, stalled.revision);
    expect(failed).toMatchObject({
      fromRevision: before.revision,
      version: 'v2.5.0',
      images: ['your-registry/order-service:v2.5.0'],
      outcome: 'rolled-back',
      rollback: false,
    });
    expect(failed.stalledAt).toBe(
      new Date(stalled.progressingUpdated).toISOString(),
    );
    // the deadline is 30 s: it stalled about 30 s after it started
    const stalledAfter =
      (Date.parse(failed.stalledAt!) - Date.parse(failed.startedAt)) / 1000;
    expect(stalledAfter).toBeGreaterThanOrEqual(29);
    expect(stalledAfter).toBeLessThan(120);

    const [rollback] = rolloutTo(body, undone.uid, undone.revision);
    expect(rollback).toMatchObject({
      fromRevision: stalled.revision,
      outcome: 'completed',
      rollback: true,
    });
    expect(rollback.version).not.toBe('v2.5.0');
    expect(rollback.finishedAt).toBe(
      new Date(undone.progressingUpdated).toISOString(),
    );

    const metrics = (
      await api<any>('/entity/component/default/order-service/metrics')
    ).current as DeploymentMetrics;
    expect(metrics).toMatchObject({
      deployments: 1, // the rollback is not a deployment of its own
      rollbacks: 1,
      failures: 1,
      firstTimeSuccessRate: 0,
      unrecovered: 0,
    });
    // recovered when the rollback completed
    expect(metrics.medianTimeToRecoverSeconds).toBe(
      Math.round(
        (undone.progressingUpdated - stalled.progressingUpdated) / 1000,
      ),
    );
    revisions.orderStalled = stalled;
    revisions.orderRollback = undone;
  });

  it('records an Argo CD sync of a Git change and the rollout it caused', async () => {
    await scenario('argocd-out-of-sync');
    const res = await fetch(
      `${sb.argocdServer}/api/v1/applications/order-service/sync`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sandboxEnv.SANDBOX_ARGOCD_PORTAL_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ revision: 'HEAD' }),
      },
    );
    expect(res.status).toBe(200);
    const app = await waitUntil(
      'Argo CD to finish the sync',
      async () =>
        JSON.parse(
          await kubectl(
            '-n',
            'argocd',
            'get',
            'application',
            'order-service',
            '-o',
            'json',
          ),
        ),
      a =>
        a.status?.operationState?.phase === 'Succeeded' &&
        Date.parse(a.status.operationState.startedAt) > testStart,
    );
    const history = app.status.history.at(-1);
    await noteOrderSyncHistory();
    await kubectl(
      'rollout',
      'status',
      'deployment/order-service',
      '--timeout=120s',
    );
    const synced = await clusterRollout('order-service');
    expect(synced.desired).toBe(4);

    const body = await waitUntil(
      'the sync and its rollout in the API',
      () => rolloutsOf('order-service'),
      b =>
        b.syncs.some(s => s.revision === history.revision) &&
        rolloutTo(b, synced.uid, synced.revision)[0]?.outcome === 'completed',
      90_000,
    );
    const syncs = body.syncs.filter(s => s.revision === history.revision);
    expect(syncs).toHaveLength(1);
    expect(syncs[0]).toMatchObject({
      instance: 'sandbox',
      application: 'order-service',
      result: 'Succeeded',
      startedAt: new Date(history.deployStartedAt).toISOString(),
      finishedAt: new Date(history.deployedAt).toISOString(),
    });
    const [r] = rolloutTo(body, synced.uid, synced.revision);
    expect(r).toMatchObject({
      fromRevision: revisions.orderRollback.revision,
      rollback: false,
      desiredReplicas: 4,
    });
    expectClusterDuration(r, synced);
    revisions.orderSync = synced;
  });

  it('flags a rolling update that took capacity away (maxUnavailable 1, maxSurge 0)', async () => {
    const before = await clusterRollout('shipping-service');
    await kubectl(
      'patch',
      'deployment',
      'shipping-service',
      '--type',
      'strategic',
      '-p',
      JSON.stringify({
        spec: {
          strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
          template: {
            metadata: { labels: { version: 'v1.8.1' } },
            spec: {
              containers: [
                {
                  name: 'shipping-service',
                  image: 'your-registry/shipping-service:v1.8.1',
                },
              ],
            },
          },
        },
      }),
    );
    await kubectl(
      'rollout',
      'status',
      'deployment/shipping-service',
      '--timeout=120s',
    );
    const cluster = await clusterRollout('shipping-service');
    expect(cluster.revision).toBe(before.revision + 1);
    const body = await waitUntil(
      'the shipping-service rollout to complete in the API',
      () => rolloutsOf('shipping-service'),
      b =>
        rolloutTo(b, cluster.uid, cluster.revision)[0]?.outcome === 'completed',
    );
    const [r] = rolloutTo(body, cluster.uid, cluster.revision);
    expect(r).toMatchObject({
      version: 'v1.8.1',
      desiredReplicas: 2,
      minAvailableReplicas: 1,
    });
    expectClusterDuration(r, cluster);
    const drops = await api<RolloutsResponse>(
      '/rollouts?entityRef=component:default/shipping-service&outcome=capacity-drop',
    );
    expect(drops.rollouts.map(x => x.toRevision)).toEqual([cluster.revision]);
    revisions.shippingDrop = cluster;
  });

  it('records a rollout in progress when the backend stopped once, with its real duration, after a restart', async () => {
    const before = await clusterRollout('shipping-service');
    // 10 s minReadySeconds per new pod, one at a time: ~20 s or more
    await kubectl(
      'patch',
      'deployment',
      'shipping-service',
      '--type',
      'strategic',
      '-p',
      JSON.stringify({
        spec: {
          minReadySeconds: 10,
          strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            metadata: { labels: { version: 'v1.8.2' } },
            spec: {
              containers: [
                {
                  name: 'shipping-service',
                  image: 'your-registry/shipping-service:v1.8.2',
                },
              ],
            },
          },
        },
      }),
    );
    const revision = before.revision + 1;
    await waitUntil(
      'the rollout to be recorded in progress',
      () => rolloutsOf('shipping-service'),
      b => rolloutTo(b, before.uid, revision)[0]?.outcome === 'in-progress',
      30_000,
    );
    await stopBackend();
    const stoppedAt = Date.now();
    const atStop = await clusterRollout('shipping-service');
    // the cluster really was in the middle of the rollout when the backend stopped
    expect(atStop.revision).toBe(revision);
    expect(atStop.progressingReason).not.toBe('NewReplicaSetAvailable');

    await kubectl(
      'rollout',
      'status',
      'deployment/shipping-service',
      '--timeout=120s',
    );
    const cluster = await clusterRollout('shipping-service');
    expect(cluster.progressingReason).toBe('NewReplicaSetAvailable');
    expect(cluster.progressingUpdated).toBeGreaterThan(stoppedAt - 1000);
    const restartedAt = Date.now();

    await startBackend();
    const body = await waitUntil(
      'the restarted backend to complete the rollout',
      () => rolloutsOf('shipping-service'),
      b => rolloutTo(b, cluster.uid, revision)[0]?.outcome === 'completed',
      60_000,
    );
    const rows = rolloutTo(body, cluster.uid, revision);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 'v1.8.2', rollback: false });
    // the cluster's duration, not the restart's: it finished while the backend was down
    expectClusterDuration(rows[0], cluster);
    expect(Date.parse(rows[0].finishedAt!)).toBeLessThan(restartedAt);
    expect(rows[0].durationSeconds!).toBeGreaterThanOrEqual(20);
    expect(rows[0].minAvailableReplicas).toBe(2);
    revisions.shippingRestart = cluster;
  });

  it('computes the numbers per service, team and system from what happened', async () => {
    const services = await api<GroupMetricsResponse>(
      '/metrics?groupBy=service',
    );
    const of = (group: string) =>
      services.groups.find(g => g.group === group)
        ?.metrics as DeploymentMetrics;
    expect(of('component:default/inventory-service')).toMatchObject({
      deployments: 1,
      firstTimeSuccessRate: 1,
      failures: 0,
      rollbacks: 0,
      capacityDrops: 0,
      syncs: 0,
      clockSkewed: 0,
    });
    expect(of('component:default/order-service')).toMatchObject({
      deployments: 2, // v2.5.0 (stalled) and the Argo CD sync's rollout
      firstTimeSuccessRate: 0.5,
      failures: 1,
      rollbacks: 1,
      unrecovered: 0,
      syncs: orderSyncStarts.size,
      failedSyncs: 0,
      clockSkewed: 0,
    });
    const shipping = of('component:default/shipping-service');
    expect(shipping).toMatchObject({
      deployments: 2, // the restart did not count it twice
      firstTimeSuccessRate: 1,
      failures: 0,
      rollbacks: 0,
      capacityDrops: 1,
      syncs: 0,
    });
    // median of two durations by nearest rank: the shorter one; p90 the longer
    const [short, long] = (await rolloutsOf('shipping-service')).rollouts
      .map(r => r.durationSeconds!)
      .sort((a, b) => a - b);
    expect(shipping.medianDurationSeconds).toBe(short);
    expect(shipping.p90DurationSeconds).toBe(long);
    expect(long).toBeGreaterThan(0);

    const teams = await api<GroupMetricsResponse>('/metrics?groupBy=team');
    expect(
      teams.groups.map(g => [
        g.group,
        (g.metrics as DeploymentMetrics).deployments,
      ]),
    ).toEqual([
      ['group:default/inventory-team', 1],
      ['group:default/order-team', 4],
    ]);
    const systems = await api<GroupMetricsResponse>('/metrics?groupBy=system');
    expect(systems.groups).toHaveLength(1);
    expect(systems.groups[0]).toMatchObject({
      group: 'system:default/supply-chain',
      metrics: {
        deployments: 5,
        rollbacks: 1,
        failures: 1,
        capacityDrops: of('component:default/order-service').capacityDrops + 1,
        syncs: orderSyncStarts.size,
      },
    });
  });
});
