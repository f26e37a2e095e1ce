/*
 * The real backend (every plugin) wired to the sandbox's real cluster, Argo CD
 * and Gitea, signed in as a member of one team (the guest user aisha.bello,
 * inventory-team), with admin read-backs of everything a write could change.
 * Used by the attack suites under src/attacks/ (docs/SECURITY.md).
 */
import { ensureSandbox, Sandbox } from '@supply-chain/sandbox-harness';
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BackendProcess } from './backendProcess';
import { freePort } from './postgres';
import { portalSandboxEnv } from './sandboxEnv';

export const ROOT = resolve(__dirname, '../../../..');

/** owned by inventory-team, the signed-in user's team */
export const OWNED = 'component/default/inventory-service';
/** owned by fulfillment-team */
export const FOREIGN = 'component/default/order-service';

export interface CallResult {
  status: number;
  text: string;
  /** the parsed body, or undefined when it is not JSON */
  json: any;
}

export interface PortalUnderAttack {
  sb: Sandbox;
  backend: BackendProcess;
  /** the signed-in team member's Backstage token */
  token: string;
  /** every response body of `call`, for leak checks */
  responses: string[];
  /** every secret of the sandbox (tokens, passwords), for leak checks */
  secrets: string[];
  /** a request to the backend as the team member (auth: null = none) */
  call(
    method: string,
    path: string,
    options?: {
      auth?: string | null;
      body?: string | object;
      headers?: Record<string, string>;
    },
  ): Promise<CallResult>;
  /** kubectl with the sandbox's admin kubeconfig */
  kubectl(...args: string[]): string;
  /** a Deployment (or any object) read back as admin; undefined when absent */
  kubeGet(kind: string, name: string, namespace?: string): any | undefined;
  /** Argo CD's REST API as admin (read-back) */
  argocdAdmin(path: string, init?: RequestInit): Promise<Response>;
  /** Gitea's REST API as its admin (read-back) */
  giteaAdmin(path: string, init?: RequestInit): Promise<Response>;
  /** waits until the catalog has ingested every ref given */
  waitForEntities(refs: string[], ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** name for logs */
  name: string;
  /** extra app-config YAML layered last (after the local port overlay) */
  extraConfig?: string;
  /** how long `call` waits for an answer before failing; default 60 s */
  requestTimeoutMs?: number;
}

/** Starts the sandbox (or reuses a running one) and a backend on a free port. */
export async function startPortalUnderAttack(
  options: StartOptions,
): Promise<PortalUnderAttack> {
  const sb = await ensureSandbox();
  const env = portalSandboxEnv(sb.stateDir);
  Object.assign(process.env, env); // the backend child reads them
  const argocdAdminPassword = readFileSync(
    join(sb.stateDir, 'argocd', 'admin-password'),
    'utf8',
  ).trim();
  const secrets = [
    sb.portalToken,
    sb.argocdToken,
    argocdAdminPassword,
    ...Object.entries(env)
      .filter(([key]) => /TOKEN|PASSWORD|SECRET/.test(key))
      .map(([, value]) => value),
  ].filter(s => s && s.length >= 8);

  const port = await freePort();
  const configDir = mkdtempSync(join(tmpdir(), `backend-${options.name}-`));
  const files = [
    join(ROOT, 'app-config.yaml'),
    join(ROOT, 'app-config.sandbox.yaml'),
  ];
  const local = join(configDir, 'app-config.local.yaml');
  writeFileSync(
    local,
    [
      'backend:',
      `  baseUrl: http://localhost:${port}`,
      '  listen:',
      `    port: ${port}`,
      '    host: 127.0.0.1',
      '',
    ].join('\n'),
  );
  files.push(local);
  if (options.extraConfig) {
    const extra = join(configDir, 'app-config.extra.yaml');
    writeFileSync(extra, options.extraConfig);
    files.push(extra);
  }
  const backend = new BackendProcess(options.name, port);
  backend.start(files);
  await backend.waitUntilReady(420_000);
  const signIn = async (): Promise<string> => {
    const refresh = await fetch(
      backend.url('/api/auth/guest/refresh?env=development'),
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    if (refresh.status !== 200) {
      throw new Error(`guest sign-in failed: HTTP ${refresh.status}`);
    }
    return (await refresh.json()).backstageIdentity.token;
  };
  let token = await signIn();

  const responses: string[] = [];
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const call: PortalUnderAttack['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const auth = opts.auth === undefined ? `Bearer ${token}` : opts.auth;
    if (auth !== null) headers.authorization = auth;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body =
        typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const { status, text } = await new Promise<{
      status: number;
      text: string;
    }>((done, fail) => {
      const req = http.request(
        backend.url(path),
        { method, headers, timeout: timeoutMs, agent: false },
        res => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (data += chunk));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, text: data }),
          );
          res.on('error', fail);
        },
      );
      req.on('timeout', () =>
        req.destroy(
          new Error(
            `${method} ${path.slice(0, 80)}: no answer in ${
              timeoutMs / 1000
            } s`,
          ),
        ),
      );
      req.on('error', fail);
      req.end(body);
    });
    responses.push(text);
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, text, json };
  };

  const kubectl = (...args: string[]) =>
    execFileSync(
      join(sb.stateDir, 'bin', 'kubectl'),
      ['--kubeconfig', sb.kubeconfigPath, ...args],
      { encoding: 'utf8', timeout: 60_000 },
    );

  const kubeGet = (kind: string, name: string, namespace = 'supply-chain') => {
    try {
      return JSON.parse(
        kubectl('-n', namespace, 'get', kind, name, '-o', 'json'),
      );
    } catch (e) {
      if (/NotFound|not found/.test(String((e as any).stderr ?? e))) {
        return undefined;
      }
      throw e;
    }
  };

  let argocdSession: string | undefined;
  const argocdAdmin = async (path: string, init: RequestInit = {}) => {
    if (!argocdSession) {
      const login = await fetch(`${sb.argocdServer}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: 'admin',
          password: argocdAdminPassword,
        }),
      });
      if (!login.ok) throw new Error(`Argo CD admin login: ${login.status}`);
      argocdSession = (await login.json()).token;
    }
    return fetch(`${sb.argocdServer}${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${argocdSession}`,
      },
    });
  };

  const giteaAdmin = (path: string, init: RequestInit = {}) =>
    fetch(`${env.SANDBOX_GIT_URL}/api/v1${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
        authorization: `token ${env.SANDBOX_GIT_TOKEN}`,
      },
    });

  const waitForEntities = async (refs: string[], ms = 180_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = await Promise.all(
        refs.map(ref => call('GET', `/api/catalog/entities/by-name/${ref}`)),
      );
      if (found.every(f => f.status === 200)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `catalog never ingested ${refs
            .filter((_, i) => found[i].status !== 200)
            .join(', ')}`,
        );
      }
      await new Promise(r => setTimeout(r, 2000));
    }
  };

  // the token carries the user's groups only once the catalog knows them
  await waitForEntities([
    OWNED,
    FOREIGN,
    'user/default/aisha.bello',
    'group/default/inventory-team',
  ]);
  token = await signIn();

  return {
    sb,
    backend,
    get token() {
      return token;
    },
    responses,
    secrets,
    call,
    kubectl,
    kubeGet,
    argocdAdmin,
    giteaAdmin,
    waitForEntities,
    async stop() {
      await backend.stop();
      rmSync(configDir, { recursive: true, force: true });
      await sb.stop();
    },
  };
}

/** The parts of a Deployment a write would change, to compare before/after. */
export function deploymentFingerprint(deployment: any) {
  return {
    generation: deployment?.metadata?.generation,
    replicas: deployment?.spec?.replicas,
    paused: deployment?.spec?.paused ?? false,
    template: JSON.stringify(deployment?.spec?.template),
  };
}
