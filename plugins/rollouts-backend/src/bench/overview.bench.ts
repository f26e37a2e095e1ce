/*
 * `yarn workspace @supply-chain/plugin-rollouts-backend bench` (part of `make bench`).
 *
 * The org-wide Rollouts page, one page view measured two ways against the same
 * backend, cluster and catalog:
 *   fan-out (before):  GET /api/catalog/entities (annotated, the page's fields),
 *                      then GET /api/rollouts/entity/<ref>/rollouts per entity,
 *                      6 at a time, as the page did
 *   overview (now):    GET /api/rollouts/overview/rollouts
 * Requests, bytes and time per page view (p50/p99), as ratios.
 *
 * A sandbox of its own (state `.sandbox-bench-overview`, ports +700, started
 * here if needed, stopped at the end only if started here) is seeded with kwok
 * with 1,000 Deployments of one pod each, one per catalog component (1,000
 * components). The real backend (packages/backend) reads it with a bench
 * config. Figures are printed, never asserted.
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
  process.env.BENCH_SANDBOX_STATE ?? join(repoRoot, '.sandbox-bench-overview'),
);
const OFFSET = process.env.BENCH_SANDBOX_PORT_OFFSET ?? '700';
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 1000);
const FANOUT_VIEWS = Number(process.env.BENCH_FANOUT_VIEWS ?? 10);
const OVERVIEW_VIEWS = Number(process.env.BENCH_OVERVIEW_VIEWS ?? 50);
/** what the Rollouts page used: 6 entity requests in flight */
const PAGE_CONCURRENCY = 6;
const NAMESPACE = 'overview-bench';
const NODES = 8;
const CLUSTER = 'bench';

const execFileAsync = promisify(execFile);
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const entityName = (i: number) => `ov-${String(i).padStart(4, '0')}`;

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
  const nodes = Array.from({ length: NODES }, (_, n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `overview-bench-${n}`,
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
      },
      labels: {
        type: 'kwok',
        'overview-bench': 'true',
        'kubernetes.io/hostname': `overview-bench-${n}`,
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
          nodeSelector: { 'overview-bench': 'true' },
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists' }],
          containers: [{ name: 'app', image: 'bench:1' }],
        },
      },
    },
  }));
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
        '--field-manager=overview-bench',
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
          { type: 'static', options: { token, subject: 'overview-bench' } },
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
  };
  const file = join(dir, 'app-config.bench.yaml');
  // YAML is a superset of JSON
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

// ---------------------------------------------------------------- the bench

interface PageView {
  ms: number;
  requests: number;
  bytes: number;
  /** requests that failed; the page shows those entities as errors */
  failed: number;
}

describe('bench: the Rollouts page, one overview request vs the per-entity fan-out', () => {
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

  it(`${ENTITIES} entities / ${ENTITIES} Deployments`, async () => {
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
    /** One GET as the browser makes it; the body's size in bytes. */
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers }).catch(e =>
        // a kept-alive socket the server closed meanwhile: the browser retries too
        e?.cause?.code === 'ECONNRESET'
          ? fetch(`${base}${path}`, { headers })
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
    const catalogPath = `/api/catalog/entities?${[
      'filter=metadata.annotations.backstage.io/kubernetes-id',
      'filter=metadata.annotations.backstage.io/kubernetes-label-selector',
      `fields=${[
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.annotations',
        'spec.owner',
        'spec.system',
      ].join(',')}`,
    ].join('&')}`;
    await waitFor(
      `catalog ingestion of the ${ENTITIES} bench components`,
      async () =>
        (
          await get(catalogPath)
        ).body.filter((e: any) => e.metadata.name.startsWith('ov-')).length ===
        ENTITIES,
    );
    await waitFor('rollouts cache synced', async () => {
      const { body } = await get('/api/rollouts/clusters');
      return body.clusters.some(
        (c: any) => c.name === CLUSTER && c.status === 'synced',
      );
    });

    const fanOut = async (): Promise<PageView> => {
      const started = performance.now();
      const catalog = await get(catalogPath);
      let bytes = catalog.bytes;
      const refs = catalog.body.map(
        (e: any) =>
          `${e.kind.toLocaleLowerCase('en-US')}/${
            e.metadata.namespace ?? 'default'
          }/${e.metadata.name}`,
      );
      let next = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: PAGE_CONCURRENCY }, async () => {
          while (next < refs.length) {
            const ref = refs[next++];
            try {
              bytes += (await get(`/api/rollouts/entity/${ref}/rollouts`))
                .bytes;
            } catch (e) {
              // as the page did: that entity shows an error, the others load
              failed++;
              log(`fan-out: ${(e as Error).message.slice(0, 200)}`);
            }
          }
        }),
      );
      return {
        ms: performance.now() - started,
        requests: 1 + refs.length,
        bytes,
        failed,
      };
    };
    const overview = async (): Promise<PageView> => {
      const started = performance.now();
      const { bytes } = await get('/api/rollouts/overview/rollouts');
      return { ms: performance.now() - started, requests: 1, bytes, failed: 0 };
    };

    // both views show the same Deployments
    const { body: one } = await get('/api/rollouts/overview/rollouts');
    const shown = one.entities.flatMap((e: any) =>
      e.clusters.flatMap((c: any) => c.deployments),
    );
    expect(
      shown.filter(
        (d: any) => d.namespace === NAMESPACE && d.readyReplicas === 1,
      ),
    ).toHaveLength(ENTITIES);
    const sample = await get(
      `/api/rollouts/entity/component/default/${entityName(7)}/rollouts`,
    );
    expect(sample.body.clusters[0].deployments[0].phase).toBe(
      one.entities.find((e: any) => e.entity.name === entityName(7)).clusters[0]
        .deployments[0].phase,
    );

    // warm both (JIT, connections, the catalog's caches)
    await fanOut();
    for (let i = 0; i < 5; i++) await overview();

    const fanOutViews: PageView[] = [];
    for (let i = 0; i < FANOUT_VIEWS; i++) fanOutViews.push(await fanOut());
    const overviewViews: PageView[] = [];
    for (let i = 0; i < OVERVIEW_VIEWS; i++)
      overviewViews.push(await overview());

    const p = (views: PageView[], q: number) =>
      percentile(
        views.map(v => v.ms),
        q,
      )!;
    const row = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(16))).join('');
    const kb = (views: PageView[]) => (views[0].bytes / 1024).toFixed(0);
    const lines = [
      '',
      `Rollouts page bench: ${one.entities.length} entities, ${shown.length} Deployments (one pod each) in the bench cluster; page views: fan-out ${FANOUT_VIEWS}, overview ${OVERVIEW_VIEWS}`,
      `seeding: ${
        seedSeconds
          ? `${seedSeconds.toFixed(0)} s`
          : 'reused the seeded bench sandbox'
      }`,
      row(['per page view', 'fan-out (before)', 'overview (now)', 'ratio']),
      row([
        'requests',
        String(fanOutViews[0].requests),
        String(overviewViews[0].requests),
        `${(fanOutViews[0].requests / overviewViews[0].requests).toFixed(0)}x`,
      ]),
      row([
        'time p50',
        `${p(fanOutViews, 50).toFixed(0)} ms`,
        `${p(overviewViews, 50).toFixed(0)} ms`,
        `${(p(fanOutViews, 50) / p(overviewViews, 50)).toFixed(1)}x`,
      ]),
      row([
        'time p99',
        `${p(fanOutViews, 99).toFixed(0)} ms`,
        `${p(overviewViews, 99).toFixed(0)} ms`,
        `${(p(fanOutViews, 99) / p(overviewViews, 99)).toFixed(1)}x`,
      ]),
      row([
        'failed requests (all views)',
        String(fanOutViews.reduce((n, v) => n + v.failed, 0)),
        String(overviewViews.reduce((n, v) => n + v.failed, 0)),
        '',
      ]),
      row([
        'response bytes',
        `${kb(fanOutViews)} KiB`,
        `${kb(overviewViews)} KiB`,
        `${(fanOutViews[0].bytes / overviewViews[0].bytes).toFixed(1)}x`,
      ]),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    expect(fanOutViews).toHaveLength(FANOUT_VIEWS);
    expect(overviewViews).toHaveLength(OVERVIEW_VIEWS);
  });
});
