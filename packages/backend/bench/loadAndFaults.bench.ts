/*
 * `yarn workspace backend bench` (part of `make bench`; issue 9): the portal as
 * it runs in production — two backend replicas on one PostgreSQL (Debian's
 * package) behind a health-checking load balancer (Debian's haproxy, standing
 * in for the Kubernetes Service), wired to the sandbox's real cluster and
 * Argo CD — under 50 concurrent clients (autocannon) for 60 s against the
 * rollout, MLModel, Argo CD and ownership endpoints:
 *   1. steady load: per endpoint p50/p99, errors, backend memory before/after;
 *   2. the same load while the apiserver is stopped and started, Argo CD is
 *      stopped and started, and one replica is killed: status codes per
 *      endpoint, time to recover, and whether a restart issued right before the
 *      kill ran exactly once.
 * Both runs twice: against development-mode replicas (`backstage-cli package
 * start`) and production-mode ones (the backend bundle with production
 * dependencies only, NODE_ENV=production, app-config.production.yaml: the app
 * folder scripts/production.sh --app builds, passed in PRODUCTION_APP_DIR by
 * scripts/bench.sh), printed side by side with memory (RSS from /proc, heap
 * from process.memoryUsage() written by memoryProbe.cjs, no inspector).
 * LOAD_MODES=development or =production runs one. Everything binds 127.0.0.1;
 * durations are bounded. Figures and facts are printed; nothing is asserted
 * (the bench is no test: the fault behaviour's assertions live in tests).
 */
import { ensureSandbox, Sandbox } from '@supply-chain/sandbox-harness';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { BackendProcess } from '../src/__testUtils__/backendProcess';
import { freePort, TestPostgres } from '../src/__testUtils__/postgres';
import { portalSandboxEnv } from '../src/__testUtils__/sandboxEnv';

jest.setTimeout(1_800_000);

const ROOT = resolve(__dirname, '../../..');
type Mode = 'development' | 'production';
const MODES = (process.env.LOAD_MODES ?? 'development production')
  .split(/[\s,]+/)
  .filter(Boolean) as Mode[];
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const ENDPOINTS = {
  rollouts: '/api/rollouts/entity/component/default/inventory-service/rollouts',
  mlmodels:
    '/api/rollouts/entity/component/default/ml-prediction-service/mlmodels',
  argocd: '/api/argocd/entities/component/default/order-service/applications',
  ownership: '/api/service-boundaries/owners?q=inventory-service',
} as const;
type EndpointName = keyof typeof ENDPOINTS;
// 50 clients in all
const CONNECTIONS: Record<EndpointName, number> = {
  rollouts: 13,
  mlmodels: 12,
  argocd: 13,
  ownership: 12,
};

let sb: Sandbox;
/** One portal under load: two replicas on one PostgreSQL behind haproxy. */
type Portal = {
  mode: Mode;
  postgres: TestPostgres;
  replicas: BackendProcess[];
  haproxy?: ChildProcess;
  lbUrl: string;
  workDir: string;
  probeDir: string;
  token: string;
};
let portal: Portal;
const lbUrl = () => portal.lbUrl;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const kubectl = (...args: string[]) =>
  execFileSync(
    join(sb.stateDir, 'bin', 'kubectl'),
    ['--kubeconfig', sb.kubeconfigPath, '-n', 'supply-chain', ...args],
    { encoding: 'utf8', timeout: 60_000 },
  );

/** scripts/bench.sh installs Debian's haproxy before the benches run. */
function haproxyBinary(): string {
  const bin = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find(p =>
    existsSync(p),
  );
  if (!bin) {
    throw new Error(
      'haproxy is not installed: run the bench through `make bench` (scripts/bench.sh installs it)',
    );
  }
  return bin;
}

/**
 * A replica from the production app folder: `node packages/backend`, NODE_ENV=production,
 * the configs scripts/production.sh starts it with, and its own working folder.
 */
class ProductionBackendProcess extends BackendProcess {
  constructor(
    name: string,
    port: number,
    private readonly appDir: string,
    private readonly env: Record<string, string>,
  ) {
    super(name, port);
  }

  start(configFiles: string[]) {
    this.configFiles = configFiles;
    this.child = spawn(
      process.execPath,
      ['packages/backend', ...configFiles.flatMap(file => ['--config', file])],
      {
        cwd: this.appDir,
        detached: true,
        env: { ...process.env, ...this.env, NODE_ENV: 'production' },
      },
    );
    this.child.stdout!.on('data', chunk => (this.output += chunk));
    this.child.stderr!.on('data', chunk => (this.output += chunk));
  }
}

/** The backend's own node process (the one listening on its port), for its memory. */
function listenerPid(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], {
    encoding: 'utf8',
  });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`nothing listens on ${port}`);
  return Number(pid);
}
const rssMb = (pid: number) =>
  Number(
    /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1],
  ) / 1024;

type Memory = { rss: number; heapUsed?: number; heapTotal?: number };
/** RSS from /proc; heap from the probe's last write (at most 1 s old). */
function memoryOf(replica: BackendProcess): Memory {
  const pid = listenerPid(replica.port);
  const probe = join(portal.probeDir, `${pid}.json`);
  const usage = existsSync(probe)
    ? JSON.parse(readFileSync(probe, 'utf8'))
    : undefined;
  return {
    rss: rssMb(pid),
    heapUsed: usage && usage.heapUsed / 2 ** 20,
    heapTotal: usage && usage.heapTotal / 2 ** 20,
  };
}
const memories = () => portal.replicas.map(memoryOf);
const mb = (n?: number) => (n === undefined ? 'n/a' : `${n.toFixed(0)} MB`);

/** What every mode's run found, printed side by side at the end. */
type Latency = Record<string, { p50: number; p99: number; requests: number }>;
const report: Record<
  string,
  {
    steady?: Latency;
    faults?: Latency;
    ready?: Memory[];
    afterSteady?: Memory[];
    afterFaults?: Memory[];
    readySeconds?: number[];
  }
> = {};
const latencies = (results: Record<string, autocannon.Result>): Latency =>
  Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      { p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total },
    ]),
  );

async function get(path: string) {
  const started = performance.now();
  try {
    const response = await fetch(`${lbUrl()}${path}`, {
      headers: { authorization: `Bearer ${portal.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: response.status,
      body: await response.text(),
      ms: performance.now() - started,
    };
  } catch (error: any) {
    return {
      status: 0,
      body: String(error?.cause?.code ?? error),
      ms: performance.now() - started,
    };
  }
}

/** Healthy = what a user sees when nothing is wrong (no labelled degradation). */
function healthy(name: EndpointName, status: number, body: string): boolean {
  if (status !== 200) return false;
  if (name === 'rollouts') {
    return JSON.parse(body).clusters.every(
      (c: any) => c.status === 'synced' && !c.error,
    );
  }
  return true;
}

type Sample = {
  t: number;
  name: EndpointName;
  status: number;
  healthy: boolean;
  /** the start of a non-200 answer, to say what went wrong */
  body: string;
};

/** Probes every endpoint every 250 ms while the load runs, for recovery times. */
function monitor(t0: number) {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all(
        (Object.keys(ENDPOINTS) as EndpointName[]).map(async name => {
          const r = await get(ENDPOINTS[name]);
          samples.push({
            t: (performance.now() - t0) / 1000,
            name,
            status: r.status,
            healthy: healthy(name, r.status, r.body),
            body: r.status === 200 ? '' : r.body.slice(0, 160),
          });
        }),
      );
      await sleep(250);
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function load(seconds: number) {
  const results = await Promise.all(
    (Object.keys(ENDPOINTS) as EndpointName[]).map(async name => {
      const result = await autocannon({
        url: `${lbUrl()}${ENDPOINTS[name]}`,
        connections: CONNECTIONS[name],
        duration: seconds,
        timeout: 10,
        headers: { authorization: `Bearer ${portal.token}` },
      });
      return [name, result] as const;
    }),
  );
  return Object.fromEntries(results) as Record<EndpointName, autocannon.Result>;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map(r => (r[c] ?? '').length)),
  );
  return rows
    .map(r => r.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  '))
    .join('\n');
}

const statusCounts = (r: autocannon.Result) =>
  Object.entries((r as any).statusCodeStats ?? {})
    .map(([code, v]: [string, any]) => `${code}:${v.count}`)
    .join(' ');

/** Writes replica i's config overlay: its port, the shared key, the shared PostgreSQL. */
function replicaConfig(p: Portal, index: number, port: number, secret: string) {
  const file = join(p.workDir, `replica-${index}.yaml`);
  writeFileSync(
    file,
    stringifyYaml({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port, host: '127.0.0.1' },
        auth: { keys: [{ secret }] },
        database: {
          client: 'pg',
          connection: {
            host: '127.0.0.1',
            port: p.postgres.port,
            user: p.postgres.user,
            password: p.postgres.password,
          },
        },
      },
    }),
  );
  return file;
}

function replicaFor(p: Portal, index: number, port: number, secret: string) {
  const overlay = replicaConfig(p, index, port, secret);
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --require ${join(
    __dirname,
    'memoryProbe.cjs',
  )}`.trim();
  if (p.mode === 'development') {
    // BackendProcess passes this process's environment on: set for its start only
    const saved = process.env.NODE_OPTIONS;
    process.env.MEMORY_PROBE_DIR = p.probeDir;
    process.env.NODE_OPTIONS = nodeOptions;
    const replica = new BackendProcess(`replica-${index}`, port);
    try {
      replica.start([
        join(ROOT, 'app-config.yaml'),
        join(ROOT, 'app-config.sandbox.yaml'),
        overlay,
      ]);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
      delete process.env.MEMORY_PROBE_DIR;
    }
    return replica;
  }
  const appDir = process.env.PRODUCTION_APP_DIR;
  if (!appDir || !existsSync(join(appDir, 'packages/backend/package.json'))) {
    throw new Error(
      `PRODUCTION_APP_DIR (${appDir}) is not a production app folder: run the bench through \`make bench\`, whose scripts/bench.sh builds it with scripts/production.sh --app`,
    );
  }
  const work = join(p.workDir, `work-${index}`);
  mkdirSync(work);
  const replica = new ProductionBackendProcess(
    `replica-${index}`,
    port,
    appDir,
    {
      MEMORY_PROBE_DIR: p.probeDir,
      NODE_OPTIONS: `--no-node-snapshot ${nodeOptions}`,
      HOME: work,
      TMPDIR: work,
      PORTAL_WORK_DIR: work,
      PORTAL_BASE_URL: `http://localhost:${port}`,
      PRODUCTION_PORT: String(port),
      BACKEND_SECRET: secret,
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: String(p.postgres.port),
      POSTGRES_USER: p.postgres.user,
      POSTGRES_PASSWORD: p.postgres.password,
      // GitHub sign-in stays configured as in production; nobody completes it here
      AUTH_GITHUB_CLIENT_ID: 'load-bench-client',
      AUTH_GITHUB_CLIENT_SECRET: 'load-bench-secret',
    },
  );
  replica.start([
    'app-config.yaml',
    'app-config.production.yaml',
    'app-config.sandbox.yaml',
    'app-config.production-test.yaml',
    overlay,
  ]);
  return replica;
}

async function startPortal(mode: Mode): Promise<Portal> {
  const workDir = mkdtempSync(join(tmpdir(), `backend-load-${mode}-`));
  const p: Portal = {
    mode,
    postgres: new TestPostgres(),
    replicas: [],
    lbUrl: '',
    workDir,
    probeDir: join(workDir, 'memory'),
    token: '',
  };
  portal = p;
  mkdirSync(p.probeDir);
  report[mode] = { readySeconds: [] };
  await p.postgres.start();
  const secret = randomBytes(24).toString('base64');
  for (const index of [0, 1]) {
    const port = await freePort();
    const started = performance.now();
    // one after the other: first starts on an empty database race in migrations (deploy/README.md)
    const replica = replicaFor(p, index, port, secret);
    p.replicas.push(replica);
    await replica.waitUntilReady(600_000);
    report[mode].readySeconds!.push((performance.now() - started) / 1000);
  }

  const lbPort = await freePort();
  const cfg = join(workDir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 1024',
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 30s',
      '  timeout server 30s',
      // a connection refused by a dead replica goes to the other one; a request
      // already sent is never retried, so an action cannot run twice
      '  retries 2',
      '  option redispatch',
      'frontend portal',
      `  bind 127.0.0.1:${lbPort}`,
      '  default_backend replicas',
      'backend replicas',
      '  balance roundrobin',
      '  option httpchk GET /.backstage/health/v1/readiness',
      // like a readiness probe: generous, so a busy replica is not taken out
      '  timeout check 5s',
      '  default-server inter 1s fall 3 rise 2',
      ...p.replicas.map((r, i) => `  server r${i} 127.0.0.1:${r.port} check`),
      '',
    ].join('\n'),
  );
  p.haproxy = spawn(haproxyBinary(), ['-f', cfg, '-db'], { stdio: 'ignore' });
  p.lbUrl = `http://127.0.0.1:${lbPort}`;

  // a signed-in user (guest: aisha.bello of inventory-team), shared keys in PostgreSQL;
  // the production configuration names its auth environment "production"
  for (let i = 0; ; i++) {
    const r = await fetch(`${p.lbUrl}/api/auth/guest/refresh?env=${mode}`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    }).catch(() => undefined);
    if (r?.status === 200) {
      p.token = (await r.json()).backstageIdentity.token;
      break;
    }
    if (i > 60)
      throw new Error(`${mode}: no guest token through the load balancer`);
    await sleep(1000);
  }
  await sleep(1500); // the probe's first write after readiness
  report[mode].ready = memories();
  // warm: the catalog has ingested and each endpoint answers healthy
  for (const name of Object.keys(ENDPOINTS) as EndpointName[]) {
    for (let i = 0; ; i++) {
      const r = await get(ENDPOINTS[name]);
      if (healthy(name, r.status, r.body)) break;
      if (i > 180)
        throw new Error(
          `${mode}: ${name} never healthy: HTTP ${r.status} ${r.body.slice(
            0,
            300,
          )}`,
        );
      await sleep(1000);
    }
  }
  return p;
}

async function stopPortal(p?: Portal) {
  if (!p) return;
  p.haproxy?.kill('SIGTERM');
  await Promise.all(p.replicas.map(r => r.stop()));
  p.postgres.stop();
  rmSync(p.workDir, { recursive: true, force: true });
}

async function steadyLoad(mode: Mode) {
  const watch = monitor(performance.now());
  const results = await load(SECONDS);
  await watch.stop();
  await sleep(1500);
  report[mode].steady = latencies(results);
  report[mode].afterSteady = memories();
  const rows = [
    ['endpoint', 'requests', 'p50', 'p99', 'non-2xx', 'errors', 'timeouts'],
  ];
  for (const [name, r] of Object.entries(results)) {
    rows.push([
      name,
      String(r.requests.total),
      `${r.latency.p50} ms`,
      `${r.latency.p99} ms`,
      `${r.non2xx}${r.non2xx ? ` (${statusCounts(r)})` : ''}`,
      String(r.errors),
      String(r.timeouts),
    ]);
  }
  // eslint-disable-next-line no-console
  console.log(
    `\n[${mode}] steady load, 50 clients x ${SECONDS} s, 2 replicas on PostgreSQL behind haproxy\n${table(
      rows,
    )}\n` +
      `answers other than 200 seen by the probe:\n${[
        ...new Set(
          watch.samples
            .filter(x => x.body)
            .map(x => `  ${x.name} ${x.status}: ${x.body}`),
        ),
      ].join('\n')}\n`,
  );
}

async function faultsUnderLoad(mode: Mode) {
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  const events: Array<[string, number]> = [];
  const watch = monitor(t0);
  const replicaSets = () =>
    kubectl('get', 'replicasets', '-l', 'app=inventory-service', '-o', 'name')
      .trim()
      .split('\n').length;
  const restartsBefore = replicaSets();
  let restartStatus = 0;
  const faults = (async () => {
    await sleep(5_000);
    events.push(['apiserver stopped', at()]);
    await sb.component('stop', 'kube-apiserver');
    await sleep(8_000);
    await sb.component('start', 'kube-apiserver');
    events.push(['apiserver started', at()]);
    await sleep(2_000);
    events.push(['argocd-server stopped', at()]);
    await sb.component('stop', 'argocd-server');
    await sleep(6_000);
    await sb.component('start', 'argocd-server');
    events.push(['argocd-server started', at()]);
    await sleep(2_000);
    // an owner's restart, then replica-1 killed (SIGKILL, its whole process group)
    const restart = await fetch(
      `${portal.lbUrl}/api/rollouts/entity/component/default/inventory-service/actions/restart`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${portal.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          cluster: 'sandbox',
          namespace: 'supply-chain',
          name: 'inventory-service',
        }),
      },
    ).catch(() => undefined);
    restartStatus = restart?.status ?? 0;
    events.push(['replica-1 killed', at()]);
    process.kill(-portal.replicas[1].child!.pid!, 'SIGKILL');
  })();
  const results = await load(SECONDS);
  await faults;
  await watch.stop();
  report[mode].faults = latencies(results);
  // the killed replica has no memory any more
  report[mode].afterFaults = [memoryOf(portal.replicas[0])];

  // recovery: first healthy probe of each endpoint after each fault ended
  const recovered = (name: EndpointName, after: number) =>
    watch.samples.find(x => x.name === name && x.t >= after && x.healthy)?.t;
  const startOf = (what: string) => events.find(([e]) => e === what)![1];
  const rows = [
    [
      'endpoint',
      'requests',
      'p50',
      'p99',
      'status codes',
      'errors',
      'timeouts',
    ],
  ];
  for (const [name, r] of Object.entries(results)) {
    rows.push([
      name,
      String(r.requests.total),
      `${r.latency.p50} ms`,
      `${r.latency.p99} ms`,
      statusCounts(r),
      String(r.errors),
      String(r.timeouts),
    ]);
  }
  const answersWhileDown = (name: EndpointName, from: string, to: string) => [
    ...new Set(
      watch.samples
        .filter(
          x => x.name === name && x.t > startOf(from) + 1 && x.t < startOf(to),
        )
        .map(x => `${x.status}${x.healthy ? '' : '*'}`),
    ),
  ];
  const recovery = (name: EndpointName, event: string) => {
    const t = recovered(name, startOf(event));
    return t ? `${(t - startOf(event)).toFixed(1)} s` : 'never';
  };
  const restartsAfter = replicaSets();
  const restartedAt = JSON.parse(
    kubectl('get', 'deployment', 'inventory-service', '-o', 'json'),
  ).spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'];
  const survivor = portal.replicas[0];
  // eslint-disable-next-line no-console
  console.log(
    `\n[${mode}] faults under load, 50 clients x ${SECONDS} s\n` +
      `timeline: ${events
        .map(([e, t]) => `${e} @${t.toFixed(1)}s`)
        .join(', ')}\n${table(rows)}\n` +
      `while the apiserver was down, rollouts answered: ${answersWhileDown(
        'rollouts',
        'apiserver stopped',
        'apiserver started',
      ).join(' ')} (* = labelled degraded)\n` +
      `while argocd-server was down, argocd answered: ${answersWhileDown(
        'argocd',
        'argocd-server stopped',
        'argocd-server started',
      ).join(' ')}\n` +
      `recovery after start: rollouts ${recovery(
        'rollouts',
        'apiserver started',
      )}, argocd ${recovery('argocd', 'argocd-server started')}\n` +
      `restart before the kill: HTTP ${restartStatus}, inventory-service ReplicaSets ${restartsBefore} -> ${restartsAfter} (one more per accepted restart), restartedAt ${restartedAt}\n` +
      `replica-0 still serving: ${
        survivor.child?.exitCode === null
      }; unhandled errors in its log: ${
        /Unhandled rejection|uncaughtException/i.test(survivor.output)
          ? 'yes'
          : 'none'
      }\n` +
      `answers other than 200 seen by the probe:\n${[
        ...new Set(
          watch.samples
            .filter(x => x.body)
            .map(x => `  ${x.name} ${x.status}: ${x.body}`),
        ),
      ].join('\n')}\n` +
      // autocannon counts status codes only; the replicas' error log says what a 5xx was
      `5xx the replicas logged (Backstage's error handler):\n${
        portal.replicas.flatMap(r => serverErrorsLogged(r.output)).join('\n') ||
        '  none'
      }\n`,
  );
}

/** The distinct "Request failed with status 5xx" lines of a backend's log, with counts. */
function serverErrorsLogged(output: string): string[] {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!/Request failed with status 5\d\d/.test(line)) continue;
    // the same error from many requests differs only in its timestamp and request id
    const key = line
      .replace(/"timestamp":"[^"]*"|\d{4}-\d\d-\d\dT[\d:.]+Z/g, '')
      .replace(/"(req|request)Id":"[^"]*"/g, '')
      .slice(0, 600);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => `  ${n} x ${line}`);
}

function printComparison() {
  const modes = MODES.filter(m => report[m]?.steady);
  if (modes.length === 0) return;
  const [dev, prod] = ['development', 'production'].map(m => report[m]);
  const ratio = (a?: number, b?: number) =>
    a !== undefined && b ? `${(a / b).toFixed(2)}x` : '';
  const rows = [
    [
      'run',
      'endpoint',
      ...modes.flatMap(m => [`${m} p50`, `${m} p99`, `${m} req`]),
      ...(modes.length === 2 ? ['prod/dev p50', 'prod/dev p99'] : []),
    ],
  ];
  for (const run of ['steady', 'faults'] as const) {
    for (const name of Object.keys(ENDPOINTS)) {
      rows.push([
        run,
        name,
        ...modes.flatMap(m => {
          const l = report[m][run]?.[name];
          return l
            ? [`${l.p50} ms`, `${l.p99} ms`, String(l.requests)]
            : ['', '', ''];
        }),
        ...(modes.length === 2
          ? [
              ratio(prod[run]?.[name]?.p50, dev[run]?.[name]?.p50),
              ratio(prod[run]?.[name]?.p99, dev[run]?.[name]?.p99),
            ]
          : []),
      ]);
    }
  }
  const memRows = [
    [
      'mode',
      'replica',
      'ready in',
      'ready: RSS / heap used',
      'after steady load',
      'after fault run',
    ],
  ];
  for (const m of modes) {
    const r = report[m];
    r.ready?.forEach((ready, i) => {
      const cell = (x?: Memory) =>
        x
          ? `${mb(x.rss)} / ${mb(x.heapUsed)} (of ${mb(x.heapTotal)})`
          : '(killed)';
      memRows.push([
        m,
        `replica-${i}`,
        `${r.readySeconds?.[i]?.toFixed(0)} s`,
        cell(ready),
        cell(r.afterSteady?.[i]),
        cell(r.afterFaults?.[i]),
      ]);
    });
  }
  // eslint-disable-next-line no-console
  console.log(
    `\nload bench, development vs production replicas (50 clients x ${SECONDS} s each)\n${table(
      rows,
    )}\n\nbackend memory (RSS from /proc/<pid>/status, heap from process.memoryUsage())\n${table(
      memRows,
    )}\n`,
  );
}

beforeAll(async () => {
  sb = await ensureSandbox();
  Object.assign(process.env, portalSandboxEnv(sb.stateDir));
});

afterAll(async () => {
  await sb?.component('start', 'kube-apiserver').catch(() => {});
  await sb?.component('start', 'argocd-server').catch(() => {});
  await stopPortal(portal);
  printComparison();
  await sb?.stop();
});

/* eslint-disable jest/expect-expect -- a bench prints figures and facts; tests assert */
describe.each(MODES)('%s-mode replicas', mode => {
  let mine: Portal | undefined;
  beforeAll(async () => {
    mine = await startPortal(mode);
  });
  afterAll(async () => {
    await stopPortal(mine);
    if (portal === mine) portal = undefined as unknown as Portal;
  });

  it(`steady load: 50 clients for ${SECONDS} s`, () => steadyLoad(mode));

  it('faults under load: apiserver, Argo CD and one replica go away for real', () =>
    faultsUnderLoad(mode));
});
