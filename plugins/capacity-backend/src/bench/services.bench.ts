/*
 * `yarn workspace @supply-chain/plugin-capacity-backend bench` (part of `make bench`).
 *
 * The Capacity page across services, next to the rollouts entity endpoint, in
 * the same run against the same backend, cluster and catalog:
 *   capacity page:    GET /api/capacity/services (every service, computed
 *                     from the rollouts watch cache and capacity's last
 *                     background poll of nodes, metrics and VPAs)
 *   rollouts entity:  GET /api/rollouts/entity/component/default/<one>/rollouts
 *                     (one service's Rollouts tab, from the watch cache)
 *   capacity entity:  GET /api/capacity/entity?entityRef=<one> (one service's
 *                     Capacity tab), for reference
 * Per view: requests from the browser, LIST requests the apiserver counted
 * (apiserver_request_total; includes whatever else lists meanwhile, e.g. the
 * VPA recommender), response bytes, time p50/p99, and the p50 ratio against
 * the rollouts entity endpoint, and how many views timed out. Each measured
 * request has a time limit (BENCH_REQUEST_TIMEOUT_MS, default 60 s): a view
 * over it counts as a timeout in the table, so a slow run still prints it.
 * Figures are printed, never asserted.
 *
 * A sandbox of its own (state `.sandbox-bench-capacity`, ports +800, started
 * here if needed, stopped at the end only if started here) is seeded with kwok
 * with 1,000 Deployments of one pod each (requests 50m / 64Mi), one per catalog
 * component, on 8 fake nodes in two node groups with prices in the bench
 * config; every tenth Deployment has a VPA (updateMode Off). The real backend
 * (packages/backend) reads it with a bench config.
 */
// a bench runs under Jest like a test; its test-only imports are devDependencies
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  ensureSandbox,
  findSandboxDir,
  Sandbox,
} from '@supply-chain/sandbox-harness';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
// eslint-disable-next-line @backstage/no-undeclared-imports
import { percentile } from '@supply-chain/portal-common';

jest.setTimeout(60 * 60_000);

const repoRoot = dirname(findSandboxDir());
const STATE = resolve(
  process.env.BENCH_SANDBOX_STATE ?? join(repoRoot, '.sandbox-bench-capacity'),
);
const OFFSET = process.env.BENCH_SANDBOX_PORT_OFFSET ?? '800';
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 1000);
const SERVICES_VIEWS = Number(process.env.BENCH_SERVICES_VIEWS ?? 5);
const ENTITY_VIEWS = Number(process.env.BENCH_ENTITY_VIEWS ?? 20);
/** each measured request's time limit; over it the view counts as timed out */
const REQUEST_TIMEOUT_MS = Number(
  process.env.BENCH_REQUEST_TIMEOUT_MS ?? 60_000,
);
const NAMESPACE = 'capacity-bench';
const NODES = 8;
const CLUSTER = 'bench';

const execFileAsync = promisify(execFile);
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const entityName = (i: number) => `cap-${String(i).padStart(4, '0')}`;

// ---------------------------------------------------------------- cluster

function kubectl(sb: Sandbox, args: string[], input?: string) {
  const child = execFileAsync(
    join(sb.stateDir, 'bin', 'kubectl'),
    ['--kubeconfig', sb.kubeconfigPath, ...args],
    { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
  );
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return child.then(r => r.stdout);
}

/** node n: the first six general-workload (t3.large, ON_DEMAND), the rest ml-workload (SPOT) */
function nodeGroupOf(n: number) {
  return n < 6
    ? { group: 'general-workload', type: 't3.large', capacity: 'ON_DEMAND' }
    : { group: 'ml-workload', type: 'c5.2xlarge', capacity: 'SPOT' };
}

function benchObjects(): object[][] {
  const nodes = Array.from({ length: NODES }, (_, n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `capacity-bench-${n}`,
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
      },
      labels: {
        type: 'kwok',
        'capacity-bench': 'true',
        'kubernetes.io/hostname': `capacity-bench-${n}`,
        'eks.amazonaws.com/nodegroup': nodeGroupOf(n).group,
        'node.kubernetes.io/instance-type': nodeGroupOf(n).type,
        'eks.amazonaws.com/capacityType': nodeGroupOf(n).capacity,
      },
    },
    spec: {},
    status: {
      allocatable: { cpu: '64', memory: '256Gi', pods: '250' },
      capacity: { cpu: '64', memory: '256Gi', pods: '250' },
    },
  }));
  const namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE },
  };
  const deployments = Array.from({ length: ENTITIES }, (_, i) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: entityName(i),
      namespace: NAMESPACE,
      labels: { 'backstage.io/kubernetes-id': entityName(i) },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: entityName(i) } },
      template: {
        metadata: {
          labels: {
            app: entityName(i),
            'backstage.io/kubernetes-id': entityName(i),
          },
        },
        spec: {
          nodeSelector: { 'capacity-bench': 'true' },
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists' }],
          containers: [
            {
              name: 'app',
              image: 'bench:1',
              resources: { requests: { cpu: '50m', memory: '64Mi' } },
            },
          ],
        },
      },
    },
  }));
  const vpas = Array.from({ length: Math.ceil(ENTITIES / 10) }, (_, k) => ({
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: { name: `${entityName(k * 10)}-vpa`, namespace: NAMESPACE },
    spec: {
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: entityName(k * 10),
      },
      updatePolicy: { updateMode: 'Off' },
    },
  }));
  const batches: object[][] = [[namespace, ...nodes]];
  for (let k = 0; k < deployments.length; k += 100) {
    batches.push(deployments.slice(k, k + 100));
  }
  batches.push(vpas);
  return batches;
}

async function readyPods(sb: Sandbox): Promise<number> {
  const out = await kubectl(sb, [
    '-n',
    NAMESPACE,
    'get',
    'deployments',
    '-o',
    'jsonpath={range .items[*]}{.status.readyReplicas}{"\\n"}{end}',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .reduce((sum, n) => sum + Number(n), 0);
}

/** Server-side apply in batches of 100 (a no-op on a seeded sandbox), then waits for every pod to be ready. */
async function seed(sb: Sandbox): Promise<number> {
  const started = Date.now();
  if ((await readyPods(sb).catch(() => 0)) === ENTITIES) {
    log(`bench sandbox already seeded: ${ENTITIES} ready pods`);
    return 0;
  }
  for (const batch of benchObjects()) {
    await kubectl(
      sb,
      [
        'apply',
        '--server-side',
        '--force-conflicts',
        '--field-manager=capacity-bench',
        '-f',
        '-',
      ],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: batch }),
    );
  }
  const deadline = Date.now() + 30 * 60_000;
  let last = -1;
  for (;;) {
    const ready = await readyPods(sb);
    if (ready >= ENTITIES) break;
    if (Date.now() > deadline)
      throw new Error(
        `only ${ready} of ${ENTITIES} bench pods became ready in 30 min`,
      );
    if (ready !== last) {
      log(`${ready}/${ENTITIES} pods ready`);
      last = ready;
    }
    await sleep(5_000);
  }
  const seconds = (Date.now() - started) / 1000;
  log(
    `seeded ${ENTITIES} Deployments with ready pods in ${seconds.toFixed(0)} s`,
  );
  return seconds;
}

/** The LIST requests the apiserver has served so far (all clients). */
async function apiserverLists(sb: Sandbox): Promise<number> {
  const metrics = await kubectl(sb, ['get', '--raw', '/metrics']);
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('apiserver_request_total{') && /verb="LIST"/.test(line))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

// ---------------------------------------------------------------- backend process

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => done(port));
    });
    s.on('error', fail);
  });
}

function benchConfig(sb: Sandbox, port: number, token: string, dir: string) {
  const catalogFile = join(dir, 'catalog-bench.yaml');
  writeFileSync(
    catalogFile,
    Array.from({ length: ENTITIES }, (_, i) =>
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: entityName(i),
          annotations: { 'backstage.io/kubernetes-id': entityName(i) },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: `group:default/team-${i % 20}`,
          system: `system:default/system-${i % 50}`,
        },
      }),
    ).join('\n---\n'),
  );
  const config = {
    app: { baseUrl: `http://127.0.0.1:${port}` },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'capacity-bench' } },
        ],
      },
    },
    catalog: { locations: [{ type: 'file', target: catalogFile }] },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: CLUSTER,
              url: sb.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: sb.portalToken,
              caFile: sb.caFile,
            },
          ],
        },
      ],
    },
    argocd: {
      appLocatorMethods: [
        {
          type: 'config',
          instances: [
            { name: 'sandbox', url: sb.argocdServer, token: sb.argocdToken },
          ],
        },
      ],
    },
    capacity: {
      currency: 'USD',
      prices: [
        { instanceType: 't3.large', hourlyPrice: 0.0832 },
        { nodeGroup: 'ml-workload', capacityType: 'SPOT', hourlyPrice: 0.136 },
      ],
    },
  };
  const file = join(dir, 'app-config.bench.yaml');
  // YAML is a superset of JSON
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

// ---------------------------------------------------------------- the bench

interface View {
  ms: number;
  bytes: number;
  /** the answer named a cluster it could not read completely */
  degraded: boolean;
  /** no answer within REQUEST_TIMEOUT_MS (ms is then the limit) */
  timedOut: boolean;
}

/** fetch's error when AbortSignal.timeout fired */
const isTimeout = (e: any) =>
  e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError';

describe('bench: the Capacity page across services next to the rollouts entity endpoint', () => {
  let sb: Sandbox | undefined;
  let backend: ChildProcess | undefined;

  afterAll(async () => {
    if (backend?.pid) {
      try {
        process.kill(-backend.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await sb?.stop();
  });

  it(`${ENTITIES} services / ${ENTITIES} Deployments`, async () => {
    // a bench sandbox of its own, never the shared one
    for (const k of Object.keys(process.env)) {
      if (/^(KUBECONFIG|ARGOCD_|SANDBOX_)/.test(k)) delete process.env[k];
    }
    process.env.SANDBOX_PORT_OFFSET = OFFSET;
    process.env.SANDBOX_STATE = STATE;
    sb = await ensureSandbox({ stateDir: STATE });
    log(
      `bench sandbox ${sb.server} (${
        sb.startedHere ? 'started here' : 'reused'
      })`,
    );
    const seedSeconds = await seed(sb);

    const dir = join(STATE, 'bench');
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    const token = randomBytes(24).toString('base64url');
    const configFile = benchConfig(sb, port, token, dir);
    const logFile = join(dir, 'backend.log');
    const out = openSync(logFile, 'w');
    // what `yarn start backend` runs, without its file watcher
    const backendDir = join(repoRoot, 'packages', 'backend');
    backend = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
          paths: [backendDir],
        }),
        join(backendDir, 'src', 'index.ts'),
        '--config',
        join(repoRoot, 'app-config.yaml'),
        '--config',
        configFile,
      ],
      {
        cwd: backendDir,
        detached: true,
        stdio: ['ignore', out, out],
        env: {
          ...Object.fromEntries(
            Object.entries(process.env).filter(([k]) => !k.startsWith('JEST')),
          ),
          NODE_ENV: 'development',
          ESBK_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
        },
      },
    );
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${token}` };
    /** One GET as the browser makes it, within REQUEST_TIMEOUT_MS; the body's size in bytes. */
    const get = async (path: string) => {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const res = await fetch(`${base}${path}`, { headers, signal }).catch(e =>
        // a kept-alive socket the server closed meanwhile: the browser retries too
        e?.cause?.code === 'ECONNRESET'
          ? fetch(`${base}${path}`, { headers, signal })
          : Promise.reject(e),
      );
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text}`);
      return { body: JSON.parse(text), bytes: Buffer.byteLength(text) };
    };
    const waitFor = async (what: string, ok: () => Promise<boolean>) => {
      const deadline = Date.now() + 10 * 60_000;
      for (;;) {
        if (await ok().catch(() => false)) return;
        if (backend!.exitCode !== null)
          throw new Error(
            `the backend exited (${backend!.exitCode}); see ${logFile}`,
          );
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; see ${logFile}`);
        await sleep(1000);
      }
    };
    await waitFor(
      'backend readiness',
      async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok,
    );
    const benchServices = (body: any) =>
      body.services.filter((s: any) => s.name.startsWith('cap-'));
    await waitFor(
      `catalog ingestion of the ${ENTITIES} bench components`,
      async () =>
        benchServices((await get('/api/capacity/services')).body).length ===
        ENTITIES,
    );
    await waitFor('rollouts cache synced', async () => {
      const { body } = await get('/api/rollouts/clusters');
      return body.clusters.some(
        (c: any) => c.name === CLUSTER && c.status === 'synced',
      );
    });

    const one = entityName(7);
    const views = {
      'capacity page': `/api/capacity/services`,
      'rollouts entity': `/api/rollouts/entity/component/default/${one}/rollouts`,
      'capacity entity': `/api/capacity/entity?entityRef=component:default/${one}`,
    };
    type Name = keyof typeof views;
    const view = async (name: Name): Promise<View> => {
      const started = performance.now();
      let answer: { body: any; bytes: number };
      try {
        answer = await get(views[name]);
      } catch (e) {
        if (!isTimeout(e)) throw e;
        return {
          ms: REQUEST_TIMEOUT_MS,
          bytes: 0,
          degraded: false,
          timedOut: true,
        };
      }
      const { body, bytes } = answer;
      const ms = performance.now() - started;
      // capacity answers name their clusters; a degraded one is a partial
      // page (e.g. pod metrics timed out), so its time and size are not the
      // full page's
      const degraded =
        name.startsWith('capacity') &&
        (body.clusters as Array<{ status: string }>).some(
          c => c.status === 'degraded',
        );
      return { ms, bytes, degraded, timedOut: false };
    };

    // what the page shows: every bench service with its Deployment and a cost
    let costed: any[] = [];
    try {
      const { body: page } = await get(views['capacity page']);
      costed = benchServices(page).filter(
        (s: any) =>
          s.deployments.length === 1 && s.monthlyFromRequests !== undefined,
      );
      const degraded = page.clusters.filter((c: any) => c.status !== 'ok');
      log(
        `capacity page: ${benchServices(page).length} bench services, ${
          costed.length
        } with a Deployment and a cost; degraded clusters: ${
          degraded.map((c: any) => `${c.name} (${c.error})`).join(', ') ||
          'none'
        }`,
      );
    } catch (e) {
      if (!isTimeout(e)) throw e;
      log(`capacity page: no answer within ${REQUEST_TIMEOUT_MS} ms`);
    }

    // warm all three (JIT, connections, the catalog's caches)
    for (const name of Object.keys(views) as Name[]) await view(name);

    const measured: Record<Name, { views: View[]; lists: number }> = {
      'capacity page': { views: [], lists: 0 },
      'rollouts entity': { views: [], lists: 0 },
      'capacity entity': { views: [], lists: 0 },
    };
    const counts: Record<Name, number> = {
      'capacity page': SERVICES_VIEWS,
      'rollouts entity': ENTITY_VIEWS,
      'capacity entity': ENTITY_VIEWS,
    };
    for (const name of Object.keys(views) as Name[]) {
      const before = await apiserverLists(sb);
      for (let i = 0; i < counts[name]; i++)
        measured[name].views.push(await view(name));
      measured[name].lists = (await apiserverLists(sb)) - before;
    }

    const answered = (name: Name) =>
      measured[name].views.filter(v => !v.timedOut);
    /** over the answered views; none answered: n/a */
    const p = (name: Name, q: number) =>
      percentile(
        answered(name).map(v => v.ms),
        q,
      );
    const ms = (value: number | undefined) =>
      value === undefined ? 'n/a' : `${value.toFixed(0)} ms`;
    const names = Object.keys(views) as Name[];
    const row = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(18))).join('');
    const lines = [
      '',
      `Capacity page bench: ${ENTITIES} services, ${ENTITIES} Deployments (one pod each) in the bench cluster, ${costed.length} costed; views: capacity page ${SERVICES_VIEWS}, each entity endpoint ${ENTITY_VIEWS}; time limit per request ${REQUEST_TIMEOUT_MS} ms`,
      `seeding: ${
        seedSeconds
          ? `${seedSeconds.toFixed(0)} s`
          : 'reused the seeded bench sandbox'
      }`,
      row(['per view', ...names]),
      row(['requests (browser to backend)', ...names.map(() => '1')]),
      row([
        'cluster LISTs (apiserver, all clients)',
        ...names.map(n =>
          (measured[n].lists / measured[n].views.length).toFixed(1),
        ),
      ]),
      row([
        `timed out (> ${(REQUEST_TIMEOUT_MS / 1000).toFixed(0)} s)`,
        ...names.map(
          n =>
            `${measured[n].views.filter(v => v.timedOut).length} of ${
              measured[n].views.length
            }`,
        ),
      ]),
      row(['time p50 (answered)', ...names.map(n => ms(p(n, 50)))]),
      row(['time p99 (answered)', ...names.map(n => ms(p(n, 99)))]),
      row([
        'p50 / rollouts entity p50',
        ...names.map(n => {
          const [a, b] = [p(n, 50), p('rollouts entity', 50)];
          return a === undefined || !b ? 'n/a' : `${(a / b).toFixed(1)}x`;
        }),
      ]),
      row([
        'answers with a degraded cluster',
        ...names.map(
          n =>
            `${measured[n].views.filter(v => v.degraded).length} of ${
              measured[n].views.length
            }`,
        ),
      ]),
      row([
        'response bytes',
        ...names.map(n => {
          const first = answered(n)[0];
          return first ? `${(first.bytes / 1024).toFixed(0)} KiB` : 'n/a';
        }),
      ]),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    expect(measured['capacity page'].views).toHaveLength(SERVICES_VIEWS);
  });
});
