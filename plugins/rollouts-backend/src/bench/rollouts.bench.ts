/*
 * `yarn workspace @supply-chain/plugin-rollouts-backend bench` (part of `make bench`).
 *
 * A separate sandbox (state `.sandbox-bench`, ports +200, started here if needed,
 * stopped at the end only if started here) is seeded with 1,000 Deployments and
 * 5,000 kwok pods for 200 catalog components (5 Deployments / 25 pods each). The
 * real backend (packages/backend) then runs with a bench config in which both this
 * plugin and the official @backstage/plugin-kubernetes-backend read that cluster,
 * and, for the same entities in the same run, the bench compares
 *   GET  /api/rollouts/entity/component/default/<name>/rollouts   (this plugin)
 *   POST /api/kubernetes/resources/workloads/query { entityRef }  (official)
 * on latency (p50/p99, sequential and concurrent), apiserver requests per portal
 * request (the bench apiserver's apiserver_request_total) and memory (the backend's
 * VmRSS; the heap the watch cache holds for the 5,000 pods, measured in-process
 * as the heap its stop releases, after full GCs). Figures are printed, never asserted.
 */
import {
  DefaultRolloutsClusterCache,
  readClusterLocatorMethods,
} from '@supply-chain/plugin-rollouts-node';
// a bench runs under Jest like a test; its test-only imports are devDependencies
// eslint-disable-next-line @backstage/no-undeclared-imports
import { mockServices } from '@backstage/backend-test-utils';
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  ensureSandbox,
  findSandboxDir,
  Sandbox,
} from '@supply-chain/sandbox-harness';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
// eslint-disable-next-line @backstage/no-undeclared-imports
import { percentile } from '@supply-chain/portal-common';

jest.setTimeout(60 * 60_000);

const repoRoot = dirname(findSandboxDir());
const STATE = resolve(
  process.env.BENCH_SANDBOX_STATE ?? join(repoRoot, '.sandbox-bench'),
);
const OFFSET = process.env.BENCH_SANDBOX_PORT_OFFSET ?? '200';
const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 200);
const DEPLOYMENTS_PER_COMPONENT = 5;
const REPLICAS = 5;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
// the official backend lists 15 kinds across the cluster per request (seconds each
// on a loaded 2-core machine), so its series are shorter by default
const OFFICIAL_REQUESTS = Number(process.env.BENCH_OFFICIAL_REQUESTS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const NAMESPACE = 'rollouts-bench';
const BENCH_NODES = 25;
const CLUSTER = 'bench';

const execFileAsync = promisify(execFile);
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const entityName = (i: number) => `bench-${String(i).padStart(3, '0')}`;

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

function benchObjects(): object[][] {
  const nodes = Array.from({ length: BENCH_NODES }, (_, n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `rollouts-bench-${n}`,
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
      },
      labels: {
        type: 'kwok',
        'rollouts-bench': 'true',
        'kubernetes.io/hostname': `rollouts-bench-${n}`,
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
  const deployments: object[] = [];
  for (let i = 0; i < COMPONENTS; i++) {
    for (let j = 0; j < DEPLOYMENTS_PER_COMPONENT; j++) {
      const name = `${entityName(i)}-${j}`;
      deployments.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name,
          namespace: NAMESPACE,
          labels: { 'backstage.io/kubernetes-id': entityName(i) },
        },
        spec: {
          replicas: REPLICAS,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: {
              labels: {
                app: name,
                'backstage.io/kubernetes-id': entityName(i),
                version: 'v1',
              },
            },
            spec: {
              nodeSelector: { 'rollouts-bench': 'true' },
              tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists' }],
              containers: [{ name: 'app', image: 'bench:1' }],
            },
          },
        },
      });
    }
  }
  const batches: object[][] = [[namespace, ...nodes]];
  for (let k = 0; k < deployments.length; k += 100) {
    batches.push(deployments.slice(k, k + 100));
  }
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

/** Server-side apply in batches of 100 (a no-op on a seeded sandbox), then waits for 5,000 ready pods. */
async function seed(sb: Sandbox): Promise<number> {
  const want = COMPONENTS * DEPLOYMENTS_PER_COMPONENT * REPLICAS;
  const started = Date.now();
  const already = await readyPods(sb).catch(() => 0);
  if (already === want) {
    log(`bench sandbox already seeded: ${want} ready pods`);
    return 0;
  }
  for (const batch of benchObjects()) {
    await kubectl(
      sb,
      [
        'apply',
        '--server-side',
        '--force-conflicts',
        '--field-manager=rollouts-bench',
        '-f',
        '-',
      ],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: batch }),
    );
  }
  log(
    `applied ${COMPONENTS * DEPLOYMENTS_PER_COMPONENT} Deployments in ${(
      (Date.now() - started) /
      1000
    ).toFixed(0)} s; waiting for ${want} pods`,
  );
  const deadline = Date.now() + 40 * 60_000;
  let last = -1;
  for (;;) {
    const ready = await readyPods(sb);
    if (ready >= want) break;
    if (Date.now() > deadline)
      throw new Error(
        `only ${ready} of ${want} bench pods became ready in 40 min`,
      );
    if (ready !== last) {
      log(
        `${ready}/${want} pods ready after ${(
          (Date.now() - started) /
          1000
        ).toFixed(0)} s`,
      );
      last = ready;
    }
    await sleep(10_000);
  }
  const seconds = (Date.now() - started) / 1000;
  log(`seeded ${want} ready pods in ${seconds.toFixed(0)} s`);
  return seconds;
}

// ---------------------------------------------------------------- apiserver metrics

function apiserverMetrics(sb: Sandbox, adminToken: string): Promise<string> {
  return new Promise((done, fail) => {
    https
      .get(
        `${sb.server}/metrics`,
        {
          ca: readFileSync(sb.caFile),
          headers: { authorization: `Bearer ${adminToken}` },
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', d => (body += d));
          res.on('end', () =>
            res.statusCode === 200
              ? done(body)
              : fail(new Error(`/metrics answered ${res.statusCode}`)),
          );
        },
      )
      .on('error', fail);
  });
}

/** Reads (GET, LIST, WATCH) the apiserver has served so far; leases (heartbeats, leader election) left out. */
async function readRequests(sb: Sandbox, adminToken: string): Promise<number> {
  let total = 0;
  for (const line of (await apiserverMetrics(sb, adminToken)).split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const verb = /verb="([A-Z]+)"/.exec(line)?.[1];
    const resource = /resource="([^"]*)"/.exec(line)?.[1];
    if (!verb || !['GET', 'LIST', 'WATCH'].includes(verb)) continue;
    if (resource === 'leases') continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
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

function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(' ').filter(Boolean).map(Number)) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

/** The pid (below `root`) holding the listening socket of `port`: the backend itself, not yarn or the CLI. */
function listenerPid(root: number, port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inode = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map(l => l.trim().split(/\s+/))
    .find(f => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')?.[9];
  if (!inode) return undefined;
  for (const pid of [root, ...descendants(root)]) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`)
            return pid;
        } catch {
          // fd closed meanwhile
        }
      }
    } catch {
      // process gone
    }
  }
  return undefined;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  )![1];
  return Number(kb) / 1024;
}

function benchConfig(sb: Sandbox, port: number, token: string, dir: string) {
  const catalogFile = join(dir, 'catalog-bench.yaml');
  writeFileSync(
    catalogFile,
    Array.from({ length: COMPONENTS }, (_, i) =>
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
          owner: 'group:default/platform-team',
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
          { type: 'static', options: { token, subject: 'rollouts-bench' } },
        ],
      },
    },
    catalog: {
      locations: [{ type: 'file', target: catalogFile }],
    },
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
              customResources: [
                {
                  group: 'ml.supplychain.io',
                  apiVersion: 'v1',
                  plural: 'mlmodels',
                },
              ],
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
  };
  const file = join(dir, 'app-config.bench.yaml');
  // YAML is a superset of JSON
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

// ---------------------------------------------------------------- load

type Series = {
  ms: number[];
  apiserverReads: number;
  seconds: number;
  requests: number;
};

async function series(
  sb: Sandbox,
  adminToken: string,
  call: (entity: string) => Promise<void>,
  concurrency: number,
  requests: number,
): Promise<Series> {
  const before = await readRequests(sb, adminToken);
  const started = Date.now();
  const ms: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const t = performance.now();
        await call(entityName(i % COMPONENTS));
        ms.push(performance.now() - t);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const apiserverReads = (await readRequests(sb, adminToken)) - before;
  return { ms, apiserverReads, seconds, requests };
}

// ---------------------------------------------------------------- the bench

describe('bench: rollouts watch cache vs the official Kubernetes backend', () => {
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

  it('1,000 Deployments / 5,000 pods / 200 entities', async () => {
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
    const adminToken = readFileSync(
      join(STATE, 'pki', 'token-admin'),
      'utf8',
    ).trim();
    const seedSeconds = await seed(sb);

    // the real backend, both plugins on the bench cluster
    const dir = join(STATE, 'bench');
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    const token = randomBytes(24).toString('base64url');
    const configFile = benchConfig(sb, port, token, dir);
    const logFile = join(dir, 'backend.log');
    const out = openSync(logFile, 'w');
    const backendStarted = Date.now();
    // what `yarn start backend` runs, without its file watcher (a change anywhere in
    // the checkout would restart the backend mid-series)
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
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    };
    const getJson = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, { headers, ...init });
      if (!res.ok)
        throw new Error(
          `${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`,
        );
      return res.json();
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
    const last = entityName(COMPONENTS - 1);
    await waitFor('catalog ingestion of the bench components', async () => {
      await getJson(`/api/catalog/entities/by-name/component/default/${last}`);
      return true;
    });
    await waitFor('rollouts cache synced', async () => {
      const { clusters } = await getJson('/api/rollouts/clusters');
      return clusters.some(
        (c: any) => c.name === CLUSTER && c.status === 'synced',
      );
    });
    const pid = listenerPid(backend.pid!, port);
    if (!pid) throw new Error(`no process listens on ${port}`);
    const rssReady = rssMb(pid);
    log(
      `backend pid ${pid} ready in ${(
        (Date.now() - backendStarted) /
        1000
      ).toFixed(0)} s, VmRSS ${rssReady.toFixed(0)} MB`,
    );

    const ours = async (name: string) => {
      await getJson(`/api/rollouts/entity/component/default/${name}/rollouts`);
    };
    const official = async (name: string) => {
      await getJson('/api/kubernetes/resources/workloads/query', {
        method: 'POST',
        body: JSON.stringify({
          entityRef: `component:default/${name}`,
          auth: {},
        }),
      });
    };

    // both plugins see the same objects for an entity
    const sample = entityName(7);
    const oursBody = await getJson(
      `/api/rollouts/entity/component/default/${sample}/rollouts`,
    );
    const oursDeps = oursBody.clusters.find(
      (c: any) => c.name === CLUSTER,
    ).deployments;
    const officialBody = await getJson(
      '/api/kubernetes/resources/workloads/query',
      {
        method: 'POST',
        body: JSON.stringify({
          entityRef: `component:default/${sample}`,
          auth: {},
        }),
      },
    );
    const officialResources = officialBody.items.find(
      (i: any) => i.cluster.name === CLUSTER,
    ).resources;
    const officialCount = (type: string) =>
      officialResources.find((r: any) => r.type === type)?.resources.length ??
      0;
    expect(oursDeps).toHaveLength(DEPLOYMENTS_PER_COMPONENT);
    expect(
      oursDeps.flatMap((d: any) =>
        d.podsByRevision.flatMap((r: any) => r.pods),
      ),
    ).toHaveLength(DEPLOYMENTS_PER_COMPONENT * REPLICAS);
    expect(officialCount('deployments')).toBe(DEPLOYMENTS_PER_COMPONENT);
    expect(officialCount('pods')).toBe(DEPLOYMENTS_PER_COMPONENT * REPLICAS);

    // warm both (JIT, connections, the official plugin's catalog lookups)
    for (let i = 0; i < 10; i++) {
      await ours(entityName(i));
      await official(entityName(i));
    }
    // apiserver reads nobody asked for (controllers, kwok, Argo CD) over the same time
    const idleBefore = await readRequests(sb, adminToken);
    await sleep(10_000);
    const idlePerSecond =
      ((await readRequests(sb, adminToken)) - idleBefore) / 10;

    const results: Array<[string, Series, Series]> = [];
    for (const c of [1, CONCURRENCY]) {
      const o = await series(sb, adminToken, ours, c, REQUESTS);
      const k = await series(sb, adminToken, official, c, OFFICIAL_REQUESTS);
      results.push([c === 1 ? 'sequential' : `concurrency ${c}`, o, k]);
    }
    const rssAfter = rssMb(pid);

    // The heap the watch cache holds for this cluster, in-process: the heap with
    // the synced cache minus the heap once the cache is stopped and its objects
    // are unreachable, both after full GCs. (Growth from before creating the
    // cache would also count the modules the first connection loads lazily.)
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as (options?: object) => void;
    const settleHeap = async () => {
      for (let i = 0; i < 4; i++) {
        gc({ type: 'major', execution: 'sync' });
        await sleep(100);
      }
      return process.memoryUsage().heapUsed;
    };
    const cacheConfig = mockServices.rootConfig({
      data: {
        kubernetes: {
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
      },
    });
    expect(readClusterLocatorMethods(cacheConfig).clusters).toHaveLength(1);
    const cache = await DefaultRolloutsClusterCache.create({
      config: cacheConfig,
      logger: mockServices.logger.mock(),
    });
    await cache.waitForSync(10 * 60_000);
    const cachedPods = cache.listPods(CLUSTER).length;
    const cachedDeployments = cache.listDeployments(CLUSTER).length;
    const cachedReplicaSets = cache.listReplicaSets(CLUSTER).length;
    const heapWithCache = await settleHeap();
    cache.stop();
    const heapCache = (heapWithCache - (await settleHeap())) / 1024 / 1024;

    const row = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(22) : c.padStart(14))).join('');
    const perRequest = (s: Series) =>
      Math.max(0, s.apiserverReads - idlePerSecond * s.seconds) / s.requests;
    const lines = [
      '',
      `Rollouts bench: ${COMPONENTS} entities, ${cachedDeployments} Deployments, ${cachedPods} pods in the bench cluster (watch cache); requests per series: rollouts ${REQUESTS}, official ${OFFICIAL_REQUESTS}`,
      `seeding: ${
        seedSeconds
          ? `${seedSeconds.toFixed(0)} s`
          : 'reused the seeded bench sandbox'
      }; idle apiserver reads (controllers, kwok, Argo CD): ${idlePerSecond.toFixed(
        1,
      )}/s, subtracted below`,
      row([
        'series',
        'rollouts p50',
        'official p50',
        'rollouts p99',
        'official p99',
        'p50 ratio',
        'reads/req ours',
        'reads/req off.',
      ]),
    ];
    for (const [name, o, k] of results) {
      lines.push(
        row([
          name,
          `${percentile(o.ms, 50)!.toFixed(1)} ms`,
          `${percentile(k.ms, 50)!.toFixed(1)} ms`,
          `${percentile(o.ms, 99)!.toFixed(1)} ms`,
          `${percentile(k.ms, 99)!.toFixed(1)} ms`,
          `${(percentile(k.ms, 50)! / percentile(o.ms, 50)!).toFixed(1)}x`,
          perRequest(o).toFixed(2),
          perRequest(k).toFixed(2),
        ]),
      );
      lines.push(
        `  raw apiserver reads during the series: rollouts ${
          o.apiserverReads
        } in ${o.seconds.toFixed(1)} s, official ${
          k.apiserverReads
        } in ${k.seconds.toFixed(1)} s`,
      );
    }
    lines.push(
      `backend VmRSS: ${rssReady.toFixed(
        0,
      )} MB when ready (cache synced) -> ${rssAfter.toFixed(
        0,
      )} MB after all series (${rssAfter >= rssReady ? '+' : ''}${(
        rssAfter - rssReady
      ).toFixed(0)} MB)`,
      `watch cache heap for ${cachedDeployments} Deployments + ${cachedReplicaSets} ReplicaSets + ${cachedPods} pods (in-process, released when the cache stops): ${heapCache.toFixed(
        1,
      )} MB (${(
        (heapCache * 1024 * 1024) /
        (cachedDeployments + cachedReplicaSets + cachedPods)
      ).toFixed(0)} bytes per object)`,
      '',
    );
    process.stdout.write(lines.join('\n'));
    for (const [, o, k] of results) {
      expect(o.ms).toHaveLength(REQUESTS);
      expect(k.ms).toHaveLength(OFFICIAL_REQUESTS);
    }
    expect(cachedPods).toBeGreaterThanOrEqual(
      COMPONENTS * DEPLOYMENTS_PER_COMPONENT * REPLICAS,
    );
    expect(existsSync(logFile)).toBe(true);
  });
});
