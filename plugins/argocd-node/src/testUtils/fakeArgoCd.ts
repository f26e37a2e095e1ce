/*
 * A small in-memory Argo CD API server (the endpoints this plugin calls) on a
 * real HTTP port, for unit and plugin tests. Integration tests use the
 * sandbox's real Argo CD instead.
 */
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import type {
  ArgoCdApplication,
  ArgoCdRevisionMetadata,
} from '@supply-chain/plugin-argocd-common';

export const SHA = (n: number) => n.toString(16).padStart(40, 'a');

export function makeApp(
  name: string,
  overrides: {
    labels?: Record<string, string>;
    project?: string;
    historyIds?: number[];
    sync?: string;
    health?: string;
    multiSource?: boolean;
    helm?: boolean;
    autoSync?: boolean;
    namespace?: string;
  } = {},
): ArgoCdApplication {
  const ids = overrides.historyIds ?? [1, 2, 3];
  const source = overrides.helm
    ? {
        repoURL: 'https://charts.example.com',
        chart: name,
        targetRevision: '1.*',
      }
    : {
        repoURL: 'file:///gitops.git',
        path: `apps/${name}`,
        targetRevision: 'HEAD',
      };
  const sources = overrides.multiSource
    ? [
        {
          repoURL: 'https://charts.example.com',
          chart: 'redis',
          targetRevision: '18.*',
        },
        {
          repoURL: 'file:///gitops.git',
          path: `apps/${name}`,
          targetRevision: 'HEAD',
        },
      ]
    : undefined;
  const revOf = (id: number) => (overrides.helm ? `1.${id}.0` : SHA(id));
  const last = Math.max(...ids, 0);
  return {
    metadata: {
      name,
      namespace: overrides.namespace ?? 'argocd',
      labels: overrides.labels ?? {},
    },
    spec: {
      project: overrides.project ?? 'default',
      ...(sources ? { sources } : { source }),
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'supply-chain',
      },
      syncPolicy: overrides.autoSync
        ? { automated: { prune: false } }
        : undefined,
    },
    status: {
      sync: sources
        ? {
            status: overrides.sync ?? 'Synced',
            revisions: ['18.1.2', SHA(last)],
          }
        : { status: overrides.sync ?? 'Synced', revision: revOf(last) },
      health: { status: overrides.health ?? 'Healthy' },
      history: ids.map(id =>
        sources
          ? {
              id,
              revisions: ['18.1.2', SHA(id)],
              sources,
              deployedAt: `2026-01-${String(id).padStart(2, '0')}T10:00:00Z`,
            }
          : {
              id,
              revision: revOf(id),
              source,
              deployedAt: `2026-01-${String(id).padStart(2, '0')}T10:00:00Z`,
            },
      ),
      operationState: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-01-20T09:59:00Z',
        finishedAt: '2026-01-20T10:00:00Z',
        operation: { initiatedBy: { username: 'admin' } },
      },
      resources: [
        {
          kind: 'Deployment',
          group: 'apps',
          version: 'v1',
          namespace: 'supply-chain',
          name,
          status: overrides.sync === 'OutOfSync' ? 'OutOfSync' : 'Synced',
          health: { status: overrides.health ?? 'Healthy' },
        },
        {
          kind: 'Service',
          version: 'v1',
          namespace: 'supply-chain',
          name,
          status: 'Synced',
          health: { status: 'Healthy' },
        },
      ],
    },
  };
}

function jwt(exp: number): string {
  const enc = (o: object) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none' })}.${enc({
    sub: 'admin',
    exp,
    jti: Math.random().toString(36).slice(2),
  })}.sig`;
}

export interface FakeArgoCd {
  url: string;
  apps: Map<string, ArgoCdApplication>;
  /** revision → metadata, or 'fail' to answer 500 */
  metadata: Map<string, ArgoCdRevisionMetadata | 'fail'>;
  requests: Array<{
    method: string;
    path: string;
    query: string;
    body?: any;
    auth?: string;
  }>;
  sessionsCreated: number;
  maxInFlightMetadata: number;
  /** accepted tokens: the static API token and the sessions it issued */
  tokens: Set<string>;
  options: {
    metadataDelayMs: number;
    /** seconds a session JWT lives */
    sessionTtlSeconds: number;
    /** every request hangs (timeout tests) */
    hang: boolean;
    /** only this token may sync (403 otherwise), like a read-only account */
    readOnlyTokens: Set<string>;
  };
  count(method: string, pathPrefix: string): number;
  close(): Promise<void>;
}

export const STATIC_TOKEN = 'static-api-token-for-tests';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export async function startFakeArgoCd(): Promise<FakeArgoCd> {
  let inFlight = 0;
  // eslint-disable-next-line prefer-const
  let server: Server;
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakeArgoCd = {
    url: '',
    apps: new Map(),
    metadata: new Map(),
    requests: [],
    sessionsCreated: 0,
    maxInFlightMetadata: 0,
    tokens: new Set([STATIC_TOKEN]),
    options: {
      metadataDelayMs: 0,
      sessionTtlSeconds: 3600,
      hang: false,
      readOnlyTokens: new Set(),
    },
    count(method, prefix) {
      return fake.requests.filter(
        r => r.method === method && r.path.startsWith(prefix),
      ).length;
    },
    close: () =>
      new Promise(done => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (
    res: ServerResponse,
    status: number,
    code: number,
    message: string,
  ) => send(res, status, { error: message, code, message });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, 'http://x');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    const auth = req.headers.authorization?.replace(/^Bearer /, '');
    fake.requests.push({
      method: req.method!,
      path: url.pathname,
      query: url.search,
      body,
      auth,
    });
    if (fake.options.hang) return; // never answers
    const path = url.pathname;

    if (req.method === 'POST' && path === '/api/v1/session') {
      if (body?.username !== 'admin' || body?.password !== ADMIN_PASSWORD) {
        error(res, 401, 16, 'Invalid username or password');
        return;
      }
      fake.sessionsCreated += 1;
      const token = jwt(
        Math.floor(Date.now() / 1000) + fake.options.sessionTtlSeconds,
      );
      fake.tokens.add(token);
      send(res, 200, { token });
      return;
    }
    if (!auth || !fake.tokens.has(auth)) {
      error(res, 401, 16, 'invalid session: token is expired');
      return;
    }
    if (req.method === 'GET' && path === '/api/v1/applications') {
      const name = url.searchParams.get('name');
      const selector = url.searchParams.get('selector');
      const projects = url.searchParams.getAll('projects');
      const ns = url.searchParams.get('appNamespace');
      if (selector?.includes('!!')) {
        error(
          res,
          400,
          3,
          `error parsing selector: unable to parse requirement: ${selector}`,
        );
        return;
      }
      const items = [...fake.apps.values()].filter(app => {
        if (name && app.metadata.name !== name) return false;
        if (ns && app.metadata.namespace !== ns) return false;
        if (projects.length && !projects.includes(app.spec.project ?? ''))
          return false;
        if (selector) {
          return selector.split(',').every(term => {
            const [k, v] = term.split('=');
            return app.metadata.labels?.[k] === v;
          });
        }
        return true;
      });
      send(res, 200, { metadata: {}, items });
      return;
    }
    const m = /^\/api\/v1\/applications\/([^/]+)(?:\/(.*))?$/.exec(path);
    const app = m ? fake.apps.get(decodeURIComponent(m[1])) : undefined;
    if (m && !app) {
      error(
        res,
        403,
        7,
        `permission denied: applications, get, default/${m[1]}`,
      );
      return;
    }
    if (app && req.method === 'GET' && !m![2]) {
      send(res, 200, app);
      return;
    }
    const rev = /^revisions\/([^/]+)\/(metadata|chartdetails)$/.exec(
      m?.[2] ?? '',
    );
    if (app && req.method === 'GET' && rev) {
      inFlight += 1;
      fake.maxInFlightMetadata = Math.max(fake.maxInFlightMetadata, inFlight);
      await new Promise(r => setTimeout(r, fake.options.metadataDelayMs));
      inFlight -= 1;
      const revision = decodeURIComponent(rev[1]);
      if (rev[2] === 'chartdetails') {
        send(res, 200, { description: `chart ${revision}` });
        return;
      }
      const meta = fake.metadata.get(revision);
      if (meta === 'fail' || !meta) {
        error(
          res,
          500,
          2,
          `rpc error: unable to resolve git revision ${revision}`,
        );
        return;
      }
      send(res, 200, meta);
      return;
    }
    if (
      app &&
      req.method === 'POST' &&
      (m![2] === 'sync' || m![2] === 'rollback')
    ) {
      if (fake.options.readOnlyTokens.has(auth)) {
        error(
          res,
          403,
          7,
          `permission denied: applications, sync, default/${app.metadata.name}, sub: backstage`,
        );
        return;
      }
      app.operation = {
        initiatedBy: { username: 'admin' },
        sync: { prune: body?.prune },
      };
      send(res, 200, app);
      return;
    }
    error(res, 404, 5, `no route ${req.method} ${path}`);
  }

  server = createServer((req, res) => {
    handle(req, res).catch(e => error(res, 500, 13, String(e)));
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
