// Two sandboxes side by side must not break each other (issue 16): a second
// sandbox (a benchmark's, a test's) used to take over the Argo CD repo-server's
// ask-pass socket /tmp/reposerver-ask-pass.sock and leave it dead when it
// stopped, so the first portal's "Create the Argo CD application" failed with
// `dial unix /tmp/reposerver-ask-pass.sock: connect: connection refused`.
//
// This starts two sandboxes of its own (state folders .sandbox-isolation-a/-b,
// port offsets 15000/16000; it never touches the shared .sandbox/ at offset 0),
// then stops them in both orders and proves after each stop that the other
// still works: a new commit in its Gitea, repo-server manifest generation at
// that commit (git fetch with credentials from the ask-pass socket) and an
// Argo CD sync of it into its cluster. It also checks that no unix socket of
// either sandbox lives outside its state folder. Everything it started is
// stopped and its state folders are removed, also when a step fails.
//
//   cd sandbox/harness && CI=true yarn backstage-cli package test src/isolation.integration.test.ts
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { dirname, join, resolve } from 'node:path';
import {
  ensureSandbox,
  findSandboxDir,
  readSandboxEnv,
  stopSandboxIn,
  waitUntil,
  type Sandbox,
} from './index.ts';

const repoRoot = dirname(findSandboxDir());
const START_TIMEOUT = 10 * 60_000; // binaries are built by then (the sandbox step of make test)
const STEP_TIMEOUT = 4 * 60_000;

interface Side {
  name: 'A' | 'B';
  offset: number;
  stateDir: string;
  sb?: Sandbox;
  rounds: number;
}
// Port offsets 15000/16000 put every port of A (61080-61443) and B
// (62080-62443) above Linux's ephemeral port range (32768-60999): the default
// 46xxx ports lie inside it, and a first try at offset 400 failed once with
// "bind: address already in use" for a port (46484) nothing listened on just
// before or after: most likely the local port of an outgoing connection.
// They collide with no port of offset 0 (the shared sandbox) or 200 (the
// rollouts bench).
const A: Side = {
  name: 'A',
  offset: 15000,
  stateDir: resolve(repoRoot, '.sandbox-isolation-a'),
  rounds: 0,
};
const B: Side = {
  name: 'B',
  offset: 16000,
  stateDir: resolve(repoRoot, '.sandbox-isolation-b'),
  rounds: 0,
};

const t0 = Date.now();
function note(msg: string) {
  process.stderr.write(
    `[isolation ${((Date.now() - t0) / 1000).toFixed(0)}s] ${msg}\n`,
  );
}

// ------------------------------------------------------------------ helpers
function request(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
  ca?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const opts = {
      method,
      ca,
      timeout: 60_000,
      headers: {
        ...headers,
        ...(data
          ? {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(data),
            }
          : {}),
      },
    };
    const onRes = (res: http.IncomingMessage) => {
      let b = '';
      res.on('data', (d: Buffer) => (b += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: b }));
    };
    const req = url.startsWith('https:')
      ? https.request(url, opts, onRes)
      : http.request(url, opts, onRes);
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${url}: timeout`)),
    );
    req.on('error', fail);
    if (data) req.write(data);
    req.end();
  });
}

function pids(side: Side): number[] {
  const dir = join(side.stateDir, 'pids');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter(f => f.endsWith('.pid'));
  } catch {
    return [];
  }
  return files
    .map(f => Number(readFileSync(join(dir, f), 'utf8').trim()))
    .filter(p => p > 0);
}

/**
 * Memory of one sandbox's processes in kB: the sum of their RSS, and of their
 * PSS (shared pages split between the processes sharing them; the three
 * Argo CD processes are one binary, so RSS counts its text three times).
 */
function memKb(side: Side): { rss: number; pss: number } {
  const sum = { rss: 0, pss: 0 };
  for (const pid of pids(side)) {
    try {
      const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      sum.rss += Number(/^Rss:\s+(\d+)/m.exec(t)?.[1] ?? 0);
      sum.pss += Number(/^Pss:\s+(\d+)/m.exec(t)?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return sum;
}

const peak = { rss: 0, pss: 0 };
function sampleMem() {
  const a = memKb(A);
  const b = memKb(B);
  peak.rss = Math.max(peak.rss, a.rss + b.rss);
  peak.pss = Math.max(peak.pss, a.pss + b.pss);
}
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

/**
 * The unix sockets the sandbox's processes hold (from /proc/<pid>/fd and
 * /proc/net/unix) whose path is outside its state folder, e.g. upstream
 * Argo CD's fixed /tmp/reposerver-ask-pass.sock. Abstract sockets (`@…`)
 * are shared by the whole machine too, so they count as outside.
 */
function socketsOutsideState(side: Side): string[] {
  const inodes = new Set<string>();
  for (const pid of pids(side)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(
          readlinkSync(`/proc/${pid}/fd/${fd}`),
        );
        if (m) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  }
  const outside = new Set<string>();
  for (const line of readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .slice(1)) {
    const f = line.trim().split(/\s+/);
    // Num RefCount Protocol Flags Type St Inode [Path]
    if (f.length < 8 || !inodes.has(f[6])) continue;
    if (!f[7].startsWith(`${side.stateDir}/`)) outside.add(f[7]);
  }
  return [...outside];
}

async function start(side: Side) {
  const began = Date.now();
  side.sb = await ensureSandbox({
    stateDir: side.stateDir,
    portOffset: side.offset,
    timeoutMs: START_TIMEOUT,
    onProgress: l => {
      if (/ERROR|WARNING|sandbox is up/.test(l)) note(`${side.name}: ${l}`);
    },
  });
  expect(side.sb.startedHere).toBe(true);
  note(
    `${side.name} up (offset ${side.offset}) in ${(
      (Date.now() - began) /
      1000
    ).toFixed(0)}s; RSS ${mib(memKb(side).rss)}, PSS ${mib(memKb(side).pss)}`,
  );
  sampleMem();
}

async function stop(side: Side) {
  sampleMem();
  if (side.sb) await side.sb.stop();
  else await stopSandboxIn(side.stateDir); // a start that failed half-way
  side.sb = undefined;
  // really gone: no process of it is left
  for (const pid of pids(side)) {
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    expect({ pid, alive }).toEqual({ pid, alive: false });
  }
  note(`${side.name} stopped`);
}

const APP = 'isolation-probe';
const PROBE_PATH = 'isolation-probe/configmap.yaml';

/**
 * Proves one sandbox's Argo CD works against its Gitea: commits a new
 * ConfigMap value to supply-chain/gitops, has the repo-server generate the
 * manifests at exactly that commit (a git fetch that needs the ask-pass
 * socket; Argo CD's ls-remote does not), syncs the Application to it and
 * reads the ConfigMap back from the sandbox's apiserver.
 */
async function proveWorks(side: Side, when: string) {
  expect(side.sb).toBeDefined();
  const began = Date.now();
  const env = readSandboxEnv(side.stateDir);
  const value = `${side.name}-${++side.rounds}-${Date.now()}`;

  // 1. a new commit in this sandbox's Gitea
  const git = {
    authorization: `token ${env.SANDBOX_GIT_TOKEN}`,
    accept: 'application/json',
  };
  const contents = `${env.SANDBOX_GIT_URL}/api/v1/repos/supply-chain/gitops/contents/${PROBE_PATH}`;
  const existing = await request('GET', `${contents}?ref=main`, git);
  const file = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${APP}`,
    '  namespace: supply-chain',
    'data:',
    `  value: ${value}`,
    '',
  ].join('\n');
  const commit = await request(
    existing.status === 200 ? 'PUT' : 'POST',
    contents,
    git,
    {
      branch: 'main',
      message: `isolation probe ${value}`,
      content: Buffer.from(file).toString('base64'),
      ...(existing.status === 200
        ? { sha: JSON.parse(existing.body).sha }
        : {}),
    },
  );
  const committed = existing.status === 200 ? 200 : 201;
  expect({
    gitea: commit.status,
    body: commit.status === committed ? 'ok' : commit.body.slice(0, 2000),
  }).toEqual({ gitea: committed, body: 'ok' });
  const sha: string = JSON.parse(commit.body).commit.sha;

  // 2. the Application (created once per state folder; Argo CD validates it by
  //    asking the repo-server for the app's details, which fetches from Gitea)
  const argo = { authorization: `Bearer ${env.SANDBOX_ARGOCD_PORTAL_TOKEN}` };
  const appUrl = `${env.ARGOCD_SERVER}/api/v1/applications/${APP}`;
  if ((await request('GET', appUrl, argo)).status !== 200) {
    const created = await request(
      'POST',
      `${env.ARGOCD_SERVER}/api/v1/applications`,
      argo,
      {
        metadata: { name: APP, namespace: 'argocd' },
        spec: {
          project: 'default',
          source: {
            repoURL: env.SANDBOX_GIT_GITOPS_URL,
            path: 'isolation-probe',
            targetRevision: 'main',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'supply-chain',
          },
        },
      },
    );
    expect({
      create: created.status,
      body: created.status === 200 ? 'ok' : created.body.slice(0, 2000),
    }).toEqual({ create: 200, body: 'ok' });
  }

  // 3. manifest generation at the new commit (repo-server: git fetch of sha
  //    with the Gitea credentials handed to git through the ask-pass socket)
  const manifests = await request(
    'GET',
    `${appUrl}/manifests?revision=${sha}`,
    argo,
  );
  expect({
    manifests: manifests.status,
    body: manifests.status === 200 ? 'ok' : manifests.body.slice(0, 2000),
  }).toEqual({ manifests: 200, body: 'ok' });
  expect(JSON.parse(manifests.body).manifests.join('\n')).toContain(value);

  // 4. sync to that commit and wait for the operation's result
  const sync = await request('POST', `${appUrl}/sync`, argo, {
    revision: sha,
    prune: false,
  });
  expect({
    sync: sync.status,
    body: sync.status === 200 ? 'ok' : sync.body.slice(0, 2000),
  }).toEqual({ sync: 200, body: 'ok' });
  const app = await waitUntil(
    `${side.name}: Argo CD sync of ${APP} to ${sha.slice(0, 8)}`,
    async () => {
      const r = await request('GET', appUrl, argo);
      const op =
        r.status === 200
          ? JSON.parse(r.body).status?.operationState
          : undefined;
      const conditions: { type: string; message: string }[] =
        r.status === 200 ? JSON.parse(r.body).status?.conditions ?? [] : [];
      return {
        phase: op?.phase as string | undefined,
        revision: op?.syncResult?.revision as string | undefined,
        // the app's conditions say why an operation errored (e.g. a project not found)
        message:
          [op?.message, ...conditions.map(c => `${c.type}: ${c.message}`)]
            .filter(Boolean)
            .join('; ') || undefined,
      };
    },
    s =>
      s.revision === sha &&
      (s.phase === 'Succeeded' || s.phase === 'Failed' || s.phase === 'Error'),
    STEP_TIMEOUT - 60_000,
  );
  // (the operation's message only shown when it did not succeed)
  expect(
    app.phase === 'Succeeded' ? { ...app, message: undefined } : app,
  ).toEqual({ phase: 'Succeeded', revision: sha, message: undefined });

  // 5. it is in the cluster
  const ca = readFileSync(env.SANDBOX_CA_FILE, 'utf8');
  const admin = readFileSync(
    join(side.stateDir, 'pki', 'token-admin'),
    'utf8',
  ).trim();
  const cm = await request(
    'GET',
    `${env.SANDBOX_KUBERNETES_URL}/api/v1/namespaces/supply-chain/configmaps/${APP}`,
    { authorization: `Bearer ${admin}` },
    undefined,
    ca,
  );
  expect(cm.status).toBe(200);
  expect(JSON.parse(cm.body).data).toEqual({ value });
  sampleMem();
  note(
    `${side.name} works ${when}: commit ${sha.slice(
      0,
      8,
    )} generated and synced in ${((Date.now() - began) / 1000).toFixed(1)}s`,
  );
}

// -------------------------------------------------------------------- tests
describe('two sandboxes side by side', () => {
  beforeAll(async () => {
    // leftovers of an interrupted run (only pids recorded in these folders)
    await stopSandboxIn(A.stateDir, { removeState: true });
    await stopSandboxIn(B.stateDir, { removeState: true });
  }, 5 * 60_000);

  afterAll(async () => {
    sampleMem();
    const errors: unknown[] = [];
    for (const side of [A, B]) {
      try {
        await stopSandboxIn(side.stateDir, { removeState: true });
      } catch (e) {
        errors.push(e);
      }
    }
    note(
      `done in ${((Date.now() - t0) / 1000).toFixed(
        0,
      )}s; peak memory of both sandboxes' processes: RSS ${mib(
        peak.rss,
      )}, PSS ${mib(peak.pss)}`,
    );
    if (errors.length) throw errors[0];
  }, 5 * 60_000);

  it(
    'A starts, then B',
    async () => {
      await start(A);
      await start(B);
    },
    2 * START_TIMEOUT,
  );

  it('no unix socket of either lives outside its state folder', () => {
    expect({ A: socketsOutsideState(A), B: socketsOutsideState(B) }).toEqual({
      A: [],
      B: [],
    });
  });

  it(
    'with both up, A syncs from its own Gitea',
    () => proveWorks(A, 'with B up'),
    STEP_TIMEOUT,
  );

  it(
    'with both up, B syncs from its own Gitea',
    () => proveWorks(B, 'with A up'),
    STEP_TIMEOUT,
  );

  it(
    'B (started last) stops: A still syncs',
    async () => {
      await stop(B);
      await proveWorks(A, 'after B stopped');
    },
    STEP_TIMEOUT + 2 * 60_000,
  );

  it(
    'B starts again, then A (started first) stops: B still syncs',
    async () => {
      await start(B);
      await proveWorks(B, 'after it restarted beside A');
      await stop(A);
      await proveWorks(B, 'after A stopped');
    },
    START_TIMEOUT + 2 * STEP_TIMEOUT + 2 * 60_000,
  );
});
