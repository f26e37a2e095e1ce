/*
 * Integration tests against the sandbox's real kube-apiserver: the sandbox the
 * harness gives (`ensureSandbox()`: $SANDBOX_STATE, else <repo>/.sandbox; reused
 * when it runs, started otherwise). They fail, never skip, when it cannot start.
 * The portal side runs with the least-privilege portal token; the admin
 * kubeconfig is used only to check what really changed in the cluster. The
 * apiserver loss test stops and starts the sandbox's kube-apiserver for real
 * and leaves it running.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  ensureSandbox,
  readSandboxEnv,
  Sandbox,
  waitUntil,
} from '@supply-chain/sandbox-harness';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import request from 'supertest';
import { rolloutsPlugin } from './plugin';

// scenarios wait for the cluster (up to ~2.5 min) and the sandbox is shared
jest.setTimeout(420_000);

const repoRoot = resolve(__dirname, '..', '..', '..');

let sb: Sandbox;

function kubectl(...args: string[]): string {
  return execFileSync(
    'kubectl',
    ['--kubeconfig', sb.kubeconfigPath, '-n', 'supply-chain', ...args],
    {
      encoding: 'utf8',
    },
  ).trim();
}

const execFileAsync = promisify(execFile);

/** Runs a sandbox scenario without blocking the event loop (the watch cache keeps following). */
async function scenario(name: string): Promise<string> {
  const { stdout } = await execFileAsync(
    'make',
    ['-s', 'sandbox-scenario', `NAME=${name}`],
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

const ORG_CATALOG = 'url:http://catalog.test/org/catalog-info.yaml';

const component = (
  name: string,
  owner = 'group:default/inventory-team',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': name,
      // the organisation's catalog: a trusted ownership source (rootConfig below)
      'backstage.io/managed-by-origin-location': ORG_CATALOG,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const OUTSIDER = 'user:default/outsider';
let server: any;
const published: any[] = [];

const rollouts = async (entity: string) =>
  (
    await request(server).get(
      `/api/rollouts/entity/component/default/${entity}/rollouts`,
    )
  ).body;
const deploymentIn = (body: any, cluster: string, name: string) =>
  body.clusters
    ?.find((c: any) => c.name === cluster)
    ?.deployments.find((d: any) => d.name === name);

beforeAll(async () => {
  sb = await ensureSandbox();
  await scenario('reset');
  const cluster = (name: string) => ({
    name,
    url: sb.server,
    authProvider: 'serviceAccount',
    serviceAccountToken: sb.portalToken,
    caFile: sb.caFile,
  });
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(() => ({
        result:
          (options.credentials.principal as any)?.userEntityRef === OUTSIDER
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  ({ server } = await startTestBackend({
    features: [
      rolloutsPlugin,
      catalogServiceMock.factory({
        entities: [
          'inventory-service',
          'order-service',
          'shipping-service',
          'ml-prediction-service',
        ].map(n => component(n)),
      }),
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [cluster('sandbox')],
              },
            ],
          },
          rollouts: {
            signalDebounceMs: 200,
            maxBackoffMs: 2000,
            // the actions' own account, not the read-only portal token above
            actions: {
              clusters: [
                {
                  name: 'sandbox',
                  serviceAccountToken: readSandboxEnv(sb.stateDir)
                    .SANDBOX_ROLLOUT_ACTIONS_TOKEN,
                },
              ],
            },
          },
          supplyChain: {
            ownership: { trustedLocations: ['url:http://catalog.test/org/'] },
          },
        },
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async (s: any) => void published.push(s) }),
      }),
    ],
  }));
  await waitUntil(
    'the cluster synced',
    async () => (await request(server).get('/api/rollouts/clusters')).body,
    b =>
      b.clusters?.length === 1 &&
      b.clusters.every((c: any) => c.status === 'synced'),
  );
});

afterAll(async () => {
  // whatever happened, leave the sandbox's apiserver running (a no-op when it runs)
  await sb?.component('start', 'kube-apiserver');
  await scenario('reset');
});

describe('rollouts against the sandbox apiserver', () => {
  it('shows the seeded inventory-service: complete, HPA, Istio subsets, pods', async () => {
    const body = await rollouts('inventory-service');
    const dep = deploymentIn(body, 'sandbox', 'inventory-service');
    expect(dep).toMatchObject({
      phase: 'complete',
      phaseMessage: 'deployment "inventory-service" successfully rolled out',
      strategy: { type: 'RollingUpdate', maxSurge: '1', maxUnavailable: '0' },
      hpa: { name: 'inventory-service-hpa', min: 2, max: 20 },
    });
    expect(dep.readyReplicas).toBe(dep.desiredReplicas);
    // the same words as kubectl rollout status
    expect(
      kubectl(
        'rollout',
        'status',
        'deployment/inventory-service',
        '--watch=false',
      ),
    ).toBe(dep.phaseMessage);
    expect(dep.podsByRevision[0].pods.filter((p: any) => p.ready)).toHaveLength(
      dep.desiredReplicas,
    );
    expect(dep.trafficSplit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subset: 'v1',
          version: 'v1.2.3',
          weight: 100,
        }),
      ]),
    );
  });

  it('follows a rolling update to a new revision', async () => {
    await scenario('rolling-update');
    const dep = await waitUntil(
      'inventory-service on v1.3.0',
      () => rollouts('inventory-service'),
      b => {
        const d = deploymentIn(b, 'sandbox', 'inventory-service');
        return d?.phase === 'complete' && d.revisions[0]?.version === 'v1.3.0';
      },
    ).then(b => deploymentIn(b, 'sandbox', 'inventory-service'));
    expect(
      dep.revisions
        .slice(0, 2)
        .map((r: any) => [r.version, r.current, r.previous]),
    ).toEqual([
      ['v1.3.0', true, false],
      ['v1.2.3', false, true],
    ]);
    // the subset routes to every ReplicaSet carrying its labels: the new
    // revision, plus older ones of the same version that earlier runs left
    const bySubset = Object.fromEntries(
      dep.trafficSplit.map((t: any) => [t.subset, t]),
    );
    expect(bySubset.v2).toMatchObject({ version: 'v1.3.0' });
    expect(bySubset.v2.revisions).toContain(dep.revision);
    expect(bySubset.v1.revisions).not.toContain(dep.revision);
    await waitUntil(
      'a change signal for inventory-service',
      async () => published.map(p => p.channel),
      channels =>
        channels.includes(
          'rollouts:entity:component:default/inventory-service',
        ),
      10_000,
    );
  });

  it('shows a crash loop as failing, with the reason in words', async () => {
    await scenario('crash-loop');
    const dep = await waitUntil(
      'shipping-service failing',
      () => rollouts('shipping-service'),
      b => deploymentIn(b, 'sandbox', 'shipping-service')?.phase === 'failing',
    ).then(b => deploymentIn(b, 'sandbox', 'shipping-service'));
    expect(dep.phaseMessage).toMatch(
      /of the new revision failing: .*CrashLoopBackOff/,
    );
    const newPods = dep.podsByRevision.find(
      (r: any) => r.revision === dep.revision,
    ).pods;
    expect(newPods.some((p: any) => p.reason === 'CrashLoopBackOff')).toBe(
      true,
    );
  });

  it('shows a rollout past its progress deadline as stalled', async () => {
    await scenario('stalled-rollout');
    const dep = await waitUntil(
      'order-service stalled',
      () => rollouts('order-service'),
      b => deploymentIn(b, 'sandbox', 'order-service')?.phase === 'stalled',
    ).then(b => deploymentIn(b, 'sandbox', 'order-service'));
    expect(dep.phaseMessage).toMatch(
      /^deployment "order-service" exceeded its progress deadline/,
    );
    const kubectlStatus = (() => {
      try {
        return kubectl(
          'rollout',
          'status',
          'deployment/order-service',
          '--watch=false',
        );
      } catch (e) {
        return String((e as { stderr?: string }).stderr ?? e);
      }
    })();
    expect(kubectlStatus).toContain(
      'deployment "order-service" exceeded its progress deadline',
    );
  });

  it('shows the HPA scaling the Deployment up on its metrics', async () => {
    // the sandbox's metrics API reports more load; the real HPA controller scales up
    await scenario('hpa-scale-up');
    const dep = await waitUntil(
      'inventory-service scaled up by its HPA',
      () => rollouts('inventory-service'),
      b => {
        const d = deploymentIn(b, 'sandbox', 'inventory-service');
        return d?.hpa?.desired >= 6 && d.desiredReplicas === d.hpa.desired;
      },
      // the real HPA controller decides: right after the e2e run's restarts the
      // pods are young and it took over 120 s once in a full `make test` run
      300_000,
    ).then(b => deploymentIn(b, 'sandbox', 'inventory-service'));
    expect(dep.hpa).toMatchObject({
      name: 'inventory-service-hpa',
      max: 20,
      capped: false,
    });
    const cpu = dep.hpa.metrics.find((m: any) => m.name === 'cpu');
    expect(cpu).toMatchObject({ type: 'Resource', target: '70%' });
    expect(cpu.current).toMatch(/^\d+%$/);
    expect(
      dep.hpa.metrics.find((m: any) => m.name === 'http_requests_per_second'),
    ).toMatchObject({ type: 'Pods', target: '100' });
  });

  it("shows a failed MLModel with the operator's reason", async () => {
    await scenario('mlmodel-failed');
    const body = await waitUntil(
      'route-optimization-v1 failed',
      async () =>
        (
          await request(server).get(
            '/api/rollouts/entity/component/default/ml-prediction-service/mlmodels',
          )
        ).body,
      b =>
        b.models?.some(
          (m: any) =>
            m.cluster === 'sandbox' &&
            m.name === 'route-optimization-v1' &&
            m.status.deploymentStatus === 'failed',
        ),
    );
    const model = body.models.find(
      (m: any) => m.cluster === 'sandbox' && m.name === 'route-optimization-v1',
    );
    expect(model).toMatchObject({
      cluster: 'sandbox',
      valid: true,
      stale: false,
      spec: { framework: 'pytorch', replicas: 2 },
    });
    expect(model.status.reason).toMatch(/Unschedulable/);
    expect(
      body.models
        .filter((m: any) => m.cluster === 'sandbox')
        .map((m: any) => m.name),
    ).toEqual(
      expect.arrayContaining([
        'anomaly-detection-v1',
        'demand-forecasting-v2',
        'predictive-maintenance-v3',
      ]),
    );
  });

  it('really restarts, pauses, resumes, undoes and scales in the cluster', async () => {
    const actions =
      '/api/rollouts/entity/component/default/shipping-service/actions';
    const target = {
      cluster: 'sandbox',
      namespace: 'supply-chain',
      name: 'shipping-service',
    };

    const restart = await request(server)
      .post(`${actions}/restart`)
      .send(target);
    expect(restart.status).toBe(200);
    expect(
      kubectl(
        'get',
        'deployment',
        'shipping-service',
        '-o',
        "jsonpath={.spec.template.metadata.annotations['kubectl\\.kubernetes\\.io/restartedAt']}",
      ),
    ).toMatch(/^\d{4}-/);

    expect(
      (await request(server).post(`${actions}/pause`).send(target)).status,
    ).toBe(200);
    expect(
      kubectl(
        'get',
        'deployment',
        'shipping-service',
        '-o',
        'jsonpath={.spec.paused}',
      ),
    ).toBe('true');
    const refused = await request(server)
      .post(`${actions}/restart`)
      .send(target);
    expect(refused.status).toBe(409);
    expect(
      (await request(server).post(`${actions}/resume`).send(target)).status,
    ).toBe(200);
    expect(
      kubectl(
        'get',
        'deployment',
        'shipping-service',
        '-o',
        'jsonpath={.spec.paused}',
      ),
    ).not.toBe('true');

    const before = await waitUntil(
      'shipping-service revisions',
      () => rollouts('shipping-service'),
      b =>
        (deploymentIn(b, 'sandbox', 'shipping-service')?.revisions.length ??
          0) >= 2,
    ).then(b => deploymentIn(b, 'sandbox', 'shipping-service'));
    const firstRevision = before.revisions[before.revisions.length - 1];
    const undo = await request(server)
      .post(`${actions}/undo`)
      .send({ ...target, toRevision: firstRevision.revision });
    expect(undo.status).toBe(200);
    expect(undo.body.message).toBe(
      `deployment "shipping-service" rolled back to revision ${firstRevision.revision}`,
    );
    expect(
      kubectl(
        'get',
        'deployment',
        'shipping-service',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ),
    ).toBe(firstRevision.images[0]);
    const badUndo = await request(server)
      .post(`${actions}/undo`)
      .send({ ...target, toRevision: 999 });
    expect(badUndo.status).toBe(400);

    const scale = await request(server)
      .post(`${actions}/scale`)
      .send({ ...target, replicas: 3 });
    expect(scale.status).toBe(200);
    expect(
      kubectl(
        'get',
        'deployment',
        'shipping-service',
        '-o',
        'jsonpath={.spec.replicas}',
      ),
    ).toBe('3');

    const hpaScale = await request(server)
      .post(
        '/api/rollouts/entity/component/default/inventory-service/actions/scale',
      )
      .send({
        cluster: 'sandbox',
        namespace: 'supply-chain',
        name: 'inventory-service',
        replicas: 1,
      });
    expect(hpaScale.status).toBe(409);
  });

  it('refuses a non-owner and leaves the cluster alone', async () => {
    const generation = kubectl(
      'get',
      'deployment',
      'order-service',
      '-o',
      'jsonpath={.metadata.generation}',
    );
    const res = await request(server)
      .post(
        '/api/rollouts/entity/component/default/order-service/actions/restart',
      )
      .set('Authorization', mockCredentials.user.header(OUTSIDER))
      .send({
        cluster: 'sandbox',
        namespace: 'supply-chain',
        name: 'order-service',
      });
    expect(res.status).toBe(403);
    expect(
      kubectl(
        'get',
        'deployment',
        'order-service',
        '-o',
        'jsonpath={.metadata.generation}',
      ),
    ).toBe(generation);
  });

  it('labels the cluster unreachable while its apiserver is stopped, keeps the last known data, and resyncs by itself', async () => {
    const before = await rollouts('shipping-service');
    const known = deploymentIn(before, 'sandbox', 'shipping-service');
    expect(known).toBeDefined();
    const stoppedAt = Date.now();
    await sb.component('stop', 'kube-apiserver');
    try {
      const down = await waitUntil(
        'sandbox unreachable',
        () => rollouts('shipping-service'),
        b =>
          b.clusters?.find((c: any) => c.name === 'sandbox')?.status ===
          'unreachable',
        60_000,
      );
      const health = down.clusters.find((c: any) => c.name === 'sandbox');
      // the user sees which cluster failed, why, since when, and how old the data is
      expect(health.error).toMatch(/cannot reach cluster sandbox: /);
      expect(Date.parse(health.since)).toBeGreaterThanOrEqual(stoppedAt - 1000);
      expect(Date.parse(health.lastSyncTime)).toBeLessThanOrEqual(
        Date.parse(health.since),
      );
      // the entity endpoint still answers, with the last known Deployment
      expect(deploymentIn(down, 'sandbox', 'shipping-service')).toMatchObject({
        name: 'shipping-service',
        revision: known.revision,
        desiredReplicas: known.desiredReplicas,
      });
      const clusters = await request(server).get('/api/rollouts/clusters');
      expect(clusters.status).toBe(200);
      expect(clusters.body.clusters[0]).toMatchObject({
        name: 'sandbox',
        status: 'unreachable',
      });
      // an action needs the apiserver: refused with the cluster named, nothing pretended
      const action = await request(server)
        .post(
          '/api/rollouts/entity/component/default/shipping-service/actions/restart',
        )
        .send({
          cluster: 'sandbox',
          namespace: 'supply-chain',
          name: 'shipping-service',
        });
      expect(action.status).toBe(503);
      expect(action.body.error.message).toMatch(/cannot reach cluster sandbox/);
    } finally {
      await sb.component('start', 'kube-apiserver');
    }
    // a change made right after the restart shows up without any request to the plugin
    const replicas = known.desiredReplicas === 4 ? 3 : 4;
    kubectl(
      'scale',
      'deployment',
      'shipping-service',
      `--replicas=${replicas}`,
    );
    const up = await waitUntil(
      'sandbox synced again with the new replica count',
      () => rollouts('shipping-service'),
      b =>
        b.clusters?.find((c: any) => c.name === 'sandbox')?.status ===
          'synced' &&
        deploymentIn(b, 'sandbox', 'shipping-service')?.desiredReplicas ===
          replicas,
      120_000,
    );
    const health = up.clusters.find((c: any) => c.name === 'sandbox');
    expect(health.error).toBeUndefined();
    expect(Date.parse(health.lastSyncTime)).toBeGreaterThan(stoppedAt);
  });
});
