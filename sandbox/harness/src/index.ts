// Integration-test harness for the sandbox.
//
//   import { ensureSandbox } from '@supply-chain/sandbox-harness';
//   const sb = await ensureSandbox();   // reuse a running sandbox, or start one
//   ... use sb.server / sb.portalToken / sb.argocdServer / sb.argocdToken ...
//   await sb.stop();                     // stops it only if this call started it
//
// A running sandbox is reused when <state>/env.sh exists and the apiserver's
// /readyz answers. Otherwise sandbox/bin/up.sh starts it (it builds binaries
// on first use, which takes long; a warm start takes well under a minute).
// ensureSandbox() is memoised per process, so a test run starts it once;
// up.sh holds a file lock, so parallel workers do not start it twice.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as https from 'node:https';
import { dirname, join, resolve } from 'node:path';

export interface Sandbox {
  /** admin kubeconfig written by the sandbox */
  kubeconfigPath: string;
  /** kubeconfig using the least-privilege portal ServiceAccount token */
  portalKubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** CA certificate (PEM file) that signed the apiserver's certificate */
  caFile: string;
  /** long-lived token of ServiceAccount backstage/backstage-portal */
  portalToken: string;
  /** http://127.0.0.1:<port> (argocd-server runs with --insecure) */
  argocdServer: string;
  /** read-only Argo CD API token (account "backstage") */
  argocdToken: string;
  /** the sandbox state folder */
  stateDir: string;
  /** true when this process started the sandbox */
  startedHere: boolean;
  /** stops the sandbox only if this process started it; otherwise a no-op */
  stop(): Promise<void>;
  /**
   * Stops or starts one component for real (sandbox/bin/component.sh), e.g.
   * `component('stop', 'kube-apiserver')`; 'start' resolves once it answers.
   */
  component(
    action: 'stop' | 'start' | 'restart',
    name: SandboxComponent,
  ): Promise<void>;
}

export type SandboxComponent =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kwok'
  | 'redis'
  | 'gitea'
  | 'argocd-repo-server'
  | 'argocd-application-controller'
  | 'argocd-server'
  | 'mlmodel-operator'
  | 'vpa-recommender'
  | 'argo-rollouts';

export interface EnsureOptions {
  /** state folder; default $SANDBOX_STATE or <repo>/.sandbox */
  stateDir?: string;
  /** how long a start may take; default 45 min (a cold first build is long) */
  timeoutMs?: number;
  /** receives up.sh's progress lines (stderr); default: process.stderr */
  onProgress?: (line: string) => void;
  /**
   * SANDBOX_PORT_OFFSET for a sandbox beside the shared one (own stateDir
   * too). When set, the scripts do not inherit this process's KUBECONFIG,
   * ARGOCD_* and SANDBOX_* variables (other than SANDBOX_DIR and
   * SANDBOX_CACHE), so a test run inside `. .sandbox/env.sh` cannot point
   * them at the shared sandbox. Offsets whose ports collide: see
   * sandbox/README.md ("Two sandboxes side by side").
   */
  portOffset?: number;
}

/** The environment of the sandbox scripts for one state folder (and port offset). */
function scriptEnv(stateDir: string, portOffset?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (portOffset !== undefined) {
    for (const k of Object.keys(env)) {
      if (
        /^(KUBECONFIG$|ARGOCD_|SANDBOX_)/.test(k) &&
        k !== 'SANDBOX_DIR' &&
        k !== 'SANDBOX_CACHE'
      )
        delete env[k];
    }
    env.SANDBOX_PORT_OFFSET = String(portOffset);
  }
  env.SANDBOX_STATE = stateDir;
  return env;
}

/**
 * The sandbox/ folder: $SANDBOX_DIR, else found by walking up from the current
 * directory (works the same under Jest/CommonJS and native ESM, which
 * import.meta / __dirname would not).
 */
export function findSandboxDir(from: string = process.cwd()): string {
  if (process.env.SANDBOX_DIR) return resolve(process.env.SANDBOX_DIR);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'sandbox', 'bin', 'up.sh')))
      return join(dir, 'sandbox');
    if (
      existsSync(join(dir, 'bin', 'up.sh')) &&
      existsSync(join(dir, 'versions.env'))
    )
      return dir;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(
        `cannot find sandbox/bin/up.sh above ${from}; set SANDBOX_DIR`,
      );
    dir = up;
  }
}

/** $SANDBOX_STATE (relative to the repository root, as in sandbox/lib/common.sh) or <repo>/.sandbox */
export function defaultStateDir(): string {
  const repoRoot = dirname(findSandboxDir());
  return resolve(repoRoot, process.env.SANDBOX_STATE ?? '.sandbox');
}

/** Parses the `export KEY=VALUE` lines of <state>/env.sh. */
export function readSandboxEnv(
  stateDir: string = defaultStateDir(),
): Record<string, string> {
  const file = join(stateDir, 'env.sh');
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

function readyz(server: string, token: string, ca: string): Promise<boolean> {
  return new Promise(done => {
    const req = https.get(
      `${server}/readyz`,
      { ca, headers: { authorization: `Bearer ${token}` }, timeout: 3000 },
      res => {
        res.resume();
        done(res.statusCode === 200);
      },
    );
    req.on('error', () => done(false));
    req.on('timeout', () => {
      req.destroy();
      done(false);
    });
  });
}

async function running(
  stateDir: string,
): Promise<Record<string, string> | undefined> {
  if (!existsSync(join(stateDir, 'env.sh'))) return undefined;
  try {
    const env = readSandboxEnv(stateDir);
    const ca = readFileSync(env.SANDBOX_CA_FILE, 'utf8');
    return (await readyz(
      env.SANDBOX_KUBERNETES_URL,
      env.SANDBOX_PORTAL_TOKEN,
      ca,
    ))
      ? env
      : undefined;
  } catch {
    return undefined;
  }
}

function run(
  script: string | [string, ...string[]],
  stateDir: string,
  timeoutMs: number,
  onProgress: (l: string) => void,
  portOffset?: number,
): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    const [file, ...args] = typeof script === 'string' ? [script] : script;
    const child = spawn(join(findSandboxDir(), 'bin', file), args, {
      env: scriptEnv(stateDir, portOffset),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let buf = '';
    child.stdout.resume(); // the export lines; we read env.sh instead
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onProgress(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(
        new Error(`sandbox/bin/${file} did not finish within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    child.on('error', fail);
    child.on('exit', code => {
      clearTimeout(timer);
      done({ code: code ?? 1, stderr });
    });
  });
}

function toSandbox(
  env: Record<string, string>,
  stateDir: string,
  startedHere: boolean,
  timeoutMs: number,
  portOffset?: number,
): Sandbox {
  let stopped = false;
  return {
    kubeconfigPath: env.KUBECONFIG,
    portalKubeconfigPath: join(stateDir, 'kubeconfig-portal'),
    server: env.SANDBOX_KUBERNETES_URL,
    caFile: env.SANDBOX_CA_FILE,
    portalToken: env.SANDBOX_PORTAL_TOKEN,
    argocdServer: env.ARGOCD_SERVER,
    argocdToken: env.ARGOCD_AUTH_TOKEN,
    stateDir,
    startedHere,
    async stop() {
      if (!startedHere || stopped) return;
      stopped = true;
      memo.delete(stateDir);
      const r = await run('stop.sh', stateDir, timeoutMs, () => {}, portOffset);
      if (r.code !== 0)
        throw new Error(`sandbox stop failed:\n${r.stderr.slice(-2000)}`);
    },
    async component(action, name) {
      const r = await run(
        ['component.sh', action, name],
        stateDir,
        timeoutMs,
        () => {},
        portOffset,
      );
      if (r.code !== 0)
        throw new Error(
          `sandbox ${action} ${name} failed:\n${r.stderr.slice(-2000)}`,
        );
    },
  };
}

const memo = new Map<string, Promise<Sandbox>>();

export function ensureSandbox(opts: EnsureOptions = {}): Promise<Sandbox> {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  let p = memo.get(stateDir);
  if (!p) {
    p = start(stateDir, opts);
    memo.set(stateDir, p);
    p.catch(() => memo.delete(stateDir));
  }
  return p;
}

async function start(stateDir: string, opts: EnsureOptions): Promise<Sandbox> {
  const timeoutMs = opts.timeoutMs ?? 45 * 60_000;
  const existing = await running(stateDir);
  if (existing)
    return toSandbox(existing, stateDir, false, timeoutMs, opts.portOffset);
  const onProgress =
    opts.onProgress ?? ((l: string) => process.stderr.write(`${l}\n`));
  const r = await run(
    'up.sh',
    stateDir,
    timeoutMs,
    onProgress,
    opts.portOffset,
  );
  if (r.code !== 0) {
    throw new Error(
      `sandbox start failed (exit ${r.code}):\n${r.stderr
        .split('\n')
        .slice(-30)
        .join('\n')}`,
    );
  }
  const env = await running(stateDir);
  if (!env)
    throw new Error(
      `sandbox/bin/up.sh succeeded but ${stateDir}/env.sh is missing or the apiserver is not ready`,
    );
  // up.sh says so when it found the sandbox already running (another worker won the race)
  const startedHere = !r.stderr.includes('sandbox already running');
  return toSandbox(env, stateDir, startedHere, timeoutMs, opts.portOffset);
}

/**
 * For a test that owns a state folder (not the shared .sandbox/): stops the
 * sandbox of that folder whoever started it (sandbox/bin/stop.sh signals only
 * the pids recorded there) and, with `removeState`, deletes the folder
 * (sandbox/bin/clean.sh). A no-op when nothing runs there.
 */
export async function stopSandboxIn(
  stateDir: string,
  opts: { removeState?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const dir = resolve(stateDir);
  memo.delete(dir);
  const r = await run(
    opts.removeState ? 'clean.sh' : 'stop.sh',
    dir,
    opts.timeoutMs ?? 120_000,
    () => {},
  );
  if (r.code !== 0)
    throw new Error(`sandbox stop in ${dir} failed:\n${r.stderr.slice(-2000)}`);
}

/**
 * Polls `read` every 500 ms until `ok` accepts its value, for tests that wait
 * on a real controller; on timeout the error names what was awaited and shows
 * the last value read.
 */
export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `timed out waiting for ${what}; last answer: ${JSON.stringify(last)?.slice(
      0,
      2000,
    )}`,
  );
}

/**
 * The `kubernetes` app-config block of a test backend reading the sandbox as
 * the portal does: one cluster `sandbox` with the least-privilege portal token.
 */
export function portalKubernetesConfig(sb: Sandbox) {
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'sandbox',
            url: sb.server,
            authProvider: 'serviceAccount',
            serviceAccountToken: sb.portalToken,
            caFile: sb.caFile,
          },
        ],
      },
    ],
  };
}

/** The `argocd` app-config block of a test backend: instance `sandbox` with the portal's token. */
export function portalArgoCdConfig(sb: Sandbox) {
  return {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [
          { name: 'sandbox', url: sb.argocdServer, token: sb.argocdToken },
        ],
      },
    ],
  };
}
