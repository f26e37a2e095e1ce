/*
 * Page-load bench (scripts/bench-pageload.sh runs it; part of `make bench`, issue 16):
 * time from navigation to data visible, in Debian's Chromium, on
 *   - the Rollouts tab of a seed service (inventory-service) and the official Kubernetes
 *     tab (@backstage/plugin-kubernetes) of the same service,
 *   - both tabs of pageload-large, an entity with 100 Deployments / 1,000 kwok pods this
 *     spec seeds in namespace pageload-bench (and deletes afterwards),
 *   - the Rollouts overview page,
 * cold (a new browser context: empty HTTP cache, signed in from saved storage) and warm
 * (the same context navigating again), against the production server and the
 * development servers of the same run. Prints every sample, p50 per case and the ratios
 * production/development and ours/official. Nothing here asserts a timing.
 */
import { Browser, expect, Page, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { percentile } from '@supply-chain/portal-common';

const RUNS = Number(process.env.PAGELOAD_RUNS ?? 3);
const NAMESPACE = 'pageload-bench';
const LABEL = 'bench.supplychain.io/pageload';
const VALUE = 'large';
const DEPLOYMENTS = 100;
const REPLICAS = 10;
const BATCH = 20;
const NODES = 4;
const SEED_SERVICE = 'inventory-service';
const LARGE = 'pageload-large';

type ServerName = 'production' | 'development';
const servers: Record<
  ServerName,
  { url: string; backendUrl: string; authEnv: string }
> = {
  production: {
    url: required('PAGELOAD_PRODUCTION_URL'),
    backendUrl: required('PAGELOAD_PRODUCTION_URL'),
    authEnv: 'production',
  },
  development: {
    url: required('PAGELOAD_DEVELOPMENT_URL'),
    backendUrl: required('PAGELOAD_DEVELOPMENT_BACKEND_URL'),
    authEnv: 'development',
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the page-load bench through scripts/bench-pageload.sh`,
    );
  }
  return value;
}

const run = promisify(execFile);
async function kubectl(args: string[], input?: string): Promise<string> {
  const child = run('kubectl', args, {
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 5 * 60_000,
  });
  if (input !== undefined) child.child.stdin!.end(input);
  try {
    return (await child).stdout;
  } catch (error: any) {
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${error.stderr || error.message}`,
    );
  }
}

function seedManifests(): string[] {
  const docs: object[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
  ];
  // kwok nodes for this load only, tainted so nothing else lands on them
  for (let n = 1; n <= NODES; n++) {
    docs.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `pageload-bench-${n}`,
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
        labels: { type: 'kwok', [LABEL]: VALUE },
      },
      spec: { taints: [{ key: LABEL, value: VALUE, effect: 'NoSchedule' }] },
      status: {
        allocatable: { cpu: '64', memory: '256Gi', pods: '300' },
        capacity: { cpu: '64', memory: '256Gi', pods: '300' },
      },
    });
  }
  return docs.map(d => JSON.stringify(d));
}

function deployment(index: number): string {
  const name = `pageload-${String(index).padStart(3, '0')}`;
  const labels = { [LABEL]: VALUE, app: name };
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { [LABEL]: VALUE },
          tolerations: [{ key: LABEL, operator: 'Equal', value: VALUE }],
          containers: [{ name: 'app', image: `bench/pageload:${name}` }],
        },
      },
    },
  });
}

async function deleteSeed() {
  await kubectl([
    'delete',
    'namespace',
    NAMESPACE,
    '--ignore-not-found',
    '--timeout=300s',
  ]);
  await kubectl([
    'delete',
    'nodes',
    '-l',
    `${LABEL}=${VALUE}`,
    '--ignore-not-found',
  ]);
}

async function runningPods(namespace: string, selector: string) {
  return (
    await kubectl([
      '-n',
      namespace,
      'get',
      'pods',
      '-l',
      selector,
      '--field-selector=status.phase=Running',
      '-o',
      'name',
    ])
  )
    .split('\n')
    .filter(Boolean).length;
}

type Case = {
  name: string;
  path: string;
  /** resolves when the page shows its data */
  shown: (page: Page) => Promise<void>;
};
let seedPods = 0;
const cases: Case[] = [
  {
    name: `Rollouts tab, ${SEED_SERVICE}`,
    path: `/catalog/default/component/${SEED_SERVICE}/rollouts`,
    shown: page =>
      expect(
        page.getByRole('progressbar', {
          name: `Available replicas of ${SEED_SERVICE}`,
        }),
      ).toBeVisible(),
  },
  {
    name: `Kubernetes tab (official), ${SEED_SERVICE}`,
    path: `/catalog/default/component/${SEED_SERVICE}/kubernetes`,
    shown: page =>
      expect(
        page.getByText(`${seedPods} pods`, { exact: true }).first(),
      ).toBeVisible(),
  },
  {
    name: `Rollouts tab, ${DEPLOYMENTS} Deployments`,
    path: `/catalog/default/component/${LARGE}/rollouts`,
    shown: page =>
      expect(
        page
          .getByRole('region', { name: 'Cluster sandbox' })
          .getByRole('heading', { level: 3 }),
      ).toHaveCount(DEPLOYMENTS),
  },
  {
    name: `Kubernetes tab (official), ${DEPLOYMENTS} Deployments`,
    path: `/catalog/default/component/${LARGE}/kubernetes`,
    shown: page =>
      expect(
        page
          .getByText(`${DEPLOYMENTS * REPLICAS} pods`, { exact: true })
          .first(),
      ).toBeVisible(),
  },
  {
    name: 'Rollouts overview page',
    path: '/rollouts',
    shown: page =>
      expect(
        page.getByRole('region', { name: 'All Deployments' }),
      ).toContainText(SEED_SERVICE),
  },
];

type Samples = { cold: number[]; warm: number[] };
const results: Record<string, Record<ServerName, Samples>> = {};

async function timedLoad(page: Page, url: string, c: Case): Promise<number> {
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await c.shown(page);
  return Date.now() - started;
}

/** Signs the guest in once and returns the browser storage to start cold contexts from. */
async function signedInState(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByTestId('sidebar-root')
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  const state = await context.storageState();
  await context.close();
  return state;
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(30 * 60_000);
  await deleteSeed();
  await kubectl(['apply', '-f', '-'], seedManifests().join('\n---\n'));
  await kubectl([
    'wait',
    '--for=condition=Ready',
    'node',
    '-l',
    `${LABEL}=${VALUE}`,
    '--timeout=120s',
  ]);
  const started = Date.now();
  // bounded batches: each batch's pods run before the next one is created
  for (let first = 0; first < DEPLOYMENTS; first += BATCH) {
    const batch = Array.from(
      { length: Math.min(BATCH, DEPLOYMENTS - first) },
      (_, i) => deployment(first + i),
    );
    await kubectl(['apply', '-f', '-'], batch.join('\n---\n'));
    await kubectl([
      '-n',
      NAMESPACE,
      'wait',
      '--for=condition=Available',
      'deployment',
      ...batch.map(d => JSON.parse(d).metadata.name),
      '--timeout=300s',
    ]);
  }
  const pods = await runningPods(NAMESPACE, `${LABEL}=${VALUE}`);
  seedPods = await runningPods(
    'supply-chain',
    `backstage.io/kubernetes-id=${SEED_SERVICE}`,
  );
  process.stdout.write(
    `[pageload] seeded ${DEPLOYMENTS} Deployments / ${pods} running pods in ${(
      (Date.now() - started) /
      1000
    ).toFixed(0)} s; ${SEED_SERVICE} runs ${seedPods} pods\n`,
  );
  // both servers have ingested the bench entity
  const request = await playwright.request.newContext();
  for (const server of Object.values(servers)) {
    const refresh = await request.get(
      `${server.backendUrl}/api/auth/guest/refresh?optional=&env=${server.authEnv}`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    const token = (await refresh.json()).backstageIdentity.token;
    await expect
      .poll(
        async () =>
          (
            await request.get(
              `${server.backendUrl}/api/catalog/entities/by-name/component/default/${LARGE}`,
              { headers: { authorization: `Bearer ${token}` } },
            )
          ).status(),
        { timeout: 5 * 60_000, intervals: [2000] },
      )
      .toBe(200);
  }
});

test.afterAll(async () => {
  test.setTimeout(10 * 60_000);
  await deleteSeed();
  print();
});

for (const serverName of ['production', 'development'] as ServerName[]) {
  test(`page loads against the ${serverName} server`, async ({ browser }) => {
    const server = servers[serverName];
    const storageState = await signedInState(browser, server.url);
    for (const c of cases) {
      const samples: Samples = { cold: [], warm: [] };
      // one load not counted: the server's first answer for this page (JIT, caches)
      for (let i = -1; i < RUNS; i++) {
        const context = await browser.newContext({ storageState });
        const page = await context.newPage();
        const cold = await timedLoad(page, `${server.url}${c.path}`, c);
        const warm = await timedLoad(page, `${server.url}${c.path}`, c);
        await context.close();
        if (i >= 0) {
          samples.cold.push(cold);
          samples.warm.push(warm);
        }
      }
      (results[c.name] ??= {} as Record<ServerName, Samples>)[serverName] =
        samples;
      process.stdout.write(
        `[pageload] ${serverName} | ${c.name}: cold ${samples.cold.join(
          ', ',
        )} ms; warm ${samples.warm.join(', ')} ms\n`,
      );
    }
  });
}

function print() {
  const s = (ms: number) =>
    Number.isNaN(ms) ? '' : `${(ms / 1000).toFixed(2)} s`;
  const r = (a: number, b: number) =>
    Number.isNaN(a) || Number.isNaN(b) ? '' : `${(a / b).toFixed(2)}x`;
  const median = (name: string, server: ServerName, cache: keyof Samples) =>
    percentile(results[name]?.[server]?.[cache] ?? [], 50) ?? NaN;
  const rows = [
    [
      'case',
      'prod cold',
      'prod warm',
      'dev cold',
      'dev warm',
      'prod/dev cold',
      'prod/dev warm',
    ],
  ];
  for (const c of cases) {
    const [pc, pw, dc, dw] = [
      median(c.name, 'production', 'cold'),
      median(c.name, 'production', 'warm'),
      median(c.name, 'development', 'cold'),
      median(c.name, 'development', 'warm'),
    ];
    rows.push([c.name, s(pc), s(pw), s(dc), s(dw), r(pc, dc), r(pw, dw)]);
  }
  const pairs = [
    [cases[0].name, cases[1].name, SEED_SERVICE],
    [cases[2].name, cases[3].name, `${DEPLOYMENTS} Deployments`],
  ];
  const ratioRows = [
    [
      'ours/official (Rollouts tab / Kubernetes tab)',
      'prod cold',
      'prod warm',
      'dev cold',
      'dev warm',
    ],
  ];
  for (const [ours, official, label] of pairs) {
    ratioRows.push([
      label,
      ...(['production', 'development'] as ServerName[]).flatMap(server =>
        (['cold', 'warm'] as const).map(cache =>
          r(median(ours, server, cache), median(official, server, cache)),
        ),
      ),
    ]);
  }
  const table = (t: string[][]) => {
    const widths = t[0].map((_, i) => Math.max(...t.map(row => row[i].length)));
    return t
      .map(row => row.map((cell, i) => cell.padEnd(widths[i])).join('  '))
      .join('\n');
  };
  process.stdout.write(
    `\npage load, navigation -> data visible, p50 of ${RUNS} (cold: new browser context, empty cache; warm: same context again)\n${table(
      rows,
    )}\n\n${table(ratioRows)}\n`,
  );
  const out = resolve(__dirname, '../../../node_modules/.cache/bench-pageload');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    resolve(out, 'results.json'),
    JSON.stringify({ runs: RUNS, results }, null, 2),
  );
}
