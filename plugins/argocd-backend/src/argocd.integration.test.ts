/*
 * Against the sandbox's real Argo CD (argocd-server, repo-server,
 * application-controller from the Argo CD module, a real local git repo).
 * Environment: ARGOCD_SERVER / ARGOCD_AUTH_TOKEN from `make sandbox`, else
 * <state>/env.sh; the admin password from <state>/argocd/admin-password.
 * Fails (does not skip) when the sandbox is unreachable.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  contractViolations,
  loadArgoCdSwagger,
  RecordedRequest,
  repoRoot,
} from './__fixtures__/argoCdSwagger';
import { recordingLogger } from '@supply-chain/plugin-argocd-node/testUtils';
import {
  component,
  fakeCatalog,
  fakeOwnership,
  fakeHttpAuth,
  fakePermissions,
  recordingAuditor,
} from './__fixtures__/testServices';
import { createRouter } from './router';
import { DefaultArgoCdInstances } from '@supply-chain/plugin-argocd-node';
import { ArgoCdActions } from './services/ArgoCdActions';
import { ArgoCdApplications } from './services/ArgoCdApplications';

jest.setTimeout(600_000);

const OWNER = 'user:default/order-team-lead';
const STRANGER = 'user:default/someone-else';
const SERVICES = [
  'inventory-service',
  'order-service',
  'shipping-service',
  'ml-prediction-service',
];

const stateDir = process.env.SANDBOX_STATE ?? join(repoRoot(), '.sandbox');

function sandboxEnv(): { server: string; token: string } {
  let server = process.env.ARGOCD_SERVER;
  let token = process.env.ARGOCD_AUTH_TOKEN;
  const envFile = join(stateDir, 'env.sh');
  if ((!server || !token) && existsSync(envFile)) {
    const text = readFileSync(envFile, 'utf8');
    server ??= /^export ARGOCD_SERVER=(.*)$/m.exec(text)?.[1];
    token ??= /^export ARGOCD_AUTH_TOKEN=(.*)$/m.exec(text)?.[1];
  }
  if (!server || !token) {
    throw new Error(
      'The sandbox is not running: no ARGOCD_SERVER/ARGOCD_AUTH_TOKEN and no <state>/env.sh. Start it: eval "$(make -s sandbox)"',
    );
  }
  return { server, token };
}

function sh(file: string, args: string[]): string {
  return execFileSync(file, args, {
    encoding: 'utf8',
    env: { ...process.env, SANDBOX_STATE: stateDir },
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
const scenario = (name: string) =>
  sh(join(repoRoot(), 'sandbox', 'bin', 'scenario.sh'), [name]);
/** Stops or starts the sandbox's real argocd-server process. */
const argocdServer = (action: 'stop' | 'start') =>
  sh(join(repoRoot(), 'sandbox', 'bin', 'component.sh'), [
    action,
    'argocd-server',
  ]);
const kubectl = (...args: string[]) =>
  sh(join(stateDir, 'bin', 'kubectl'), [
    '--kubeconfig',
    join(stateDir, 'kubeconfig'),
    ...args,
  ]);
const git = (...args: string[]) =>
  sh('git', ['-C', join(stateDir, 'gitops.git'), ...args]).trim();

/** Someone else changed the object under test: fail at once, saying so. */
class Interference extends Error {}

const deployment = () =>
  JSON.parse(
    kubectl(
      '-n',
      'supply-chain',
      'get',
      'deployment',
      'order-service',
      '-o',
      'json',
    ),
  );
const logLevel = (d: any): string | undefined =>
  d.spec.template.spec.containers[0].env?.find(
    (e: any) => e.name === 'LOG_LEVEL',
  )?.value;

async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  ms = 180_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (e) {
      if (e instanceof Interference) throw e;
      last = e;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

describe('argocd backend against the sandbox Argo CD', () => {
  const recorded: RecordedRequest[] = [];
  let argocdUrl: string;
  let server: Server;
  let base: string;
  let instances: DefaultArgoCdInstances;
  let token: string;

  const entities = [
    ...SERVICES.map(name =>
      component(name, {
        'argocd/app-name': name,
        'argocd/instance-name': 'sandbox',
      }),
    ),
    component('order-service-by-label', {
      'argocd/app-selector': 'backstage.io/kubernetes-id=order-service',
      'argocd/instance-name': 'sandbox',
    }),
    component('order-service-read-only', {
      'argocd/app-name': 'order-service',
      'argocd/instance-name': 'sandbox-readonly',
    }),
  ];

  const call = async (
    path: string,
    options: { user?: string; method?: string; body?: unknown } = {},
  ) => {
    const response = await fetch(`${base}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        authorization: `Bearer ${options.user ?? OWNER}`,
        'content-type': 'application/json',
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text), text };
  };
  const apps = async (entity: string) =>
    call(`/entities/component/default/${entity}/applications`);
  const app = async (entity: string) =>
    (await apps(entity)).body.applications[0];

  beforeAll(async () => {
    const env = sandboxEnv();
    token = env.token;
    const version = await fetch(`${env.server}/api/version`).catch(e => {
      throw new Error(
        `The sandbox's Argo CD at ${env.server} is unreachable (${
          e.cause?.code ?? e.message
        }); start it: eval "$(make -s sandbox)"`,
      );
    });
    if (version.status !== 200) {
      throw new Error(
        `The sandbox's Argo CD answered /api/version with HTTP ${version.status}`,
      );
    }
    const password = readFileSync(
      join(stateDir, 'argocd', 'admin-password'),
      'utf8',
    ).trim();
    argocdUrl = env.server;
    const logger = recordingLogger();
    const config = new ConfigReader({
      argocd: {
        requestTimeoutMs: 15_000,
        appLocatorMethods: [
          {
            type: 'config',
            instances: [
              { name: 'sandbox', url: env.server, username: 'admin', password },
              { name: 'sandbox-readonly', url: env.server, token: env.token },
            ],
          },
        ],
      },
    });
    instances = DefaultArgoCdInstances.fromConfig({
      config,
      logger,
      fetch: async (url, init) => {
        recorded.push({ method: init.method, url, body: init.body });
        return fetch(url, init);
      },
    });
    const applications = new ArgoCdApplications(instances, logger);
    const appServer = express();
    appServer.use(
      await createRouter({
        logger,
        httpAuth: fakeHttpAuth(),
        permissions: fakePermissions([OWNER]),
        auditor: recordingAuditor(),
        catalog: fakeCatalog(entities),
        ownership: fakeOwnership(entities),
        applications,
        actions: new ArgoCdActions(applications),
      }),
    );
    appServer.use(MiddlewareFactory.create({ config, logger }).error());
    server = await new Promise<Server>(done => {
      const s = appServer.listen(0, '127.0.0.1', () => done(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const states = await Promise.all(
      SERVICES.map(async s => (await app(s))?.syncStatus),
    );
    if (states.some(s => s !== 'Synced')) scenario('reset');
  });

  afterAll(async () => {
    await new Promise(done => server?.close(done));
    argocdServer('start'); // no-op when it runs
    scenario('reset'); // leave the sandbox at its baseline for the others
  });

  it('the seeded apps are Synced and Healthy, with the commit of their revision', async () => {
    for (const name of SERVICES) {
      const { status, body } = await apps(name);
      expect(status).toBe(200);
      expect(body.instances).toEqual([{ name: 'sandbox', ok: true }]);
      const [a] = body.applications;
      expect(`${a.name} ${a.syncStatus}/${a.healthStatus}`).toBe(
        `${name} Synced/Healthy`,
      );
      expect(a.sources).toEqual([
        expect.objectContaining({
          path: `apps/${name}`,
          repoURL: expect.stringMatching(/^file:\/\/.*gitops\.git$/),
        }),
      ]);
      expect(a.destination).toEqual({
        server: 'https://kubernetes.default.svc',
        namespace: 'supply-chain',
      });
      const [rev] = a.revisions;
      expect(rev.kind).toBe('git');
      expect(rev.detailsStatus).toBe('ok');
      expect(rev.details.message.split('\n')[0]).toBe(
        git('log', '-1', '--format=%s', rev.revision),
      );
      expect(rev.details.author).toContain(
        git('log', '-1', '--format=%an', rev.revision),
      );
      expect(a.lastSyncedAt).toEqual(expect.any(String));
    }
  });

  it('a label selector finds the same application', async () => {
    const { body } = await apps('order-service-by-label');
    expect(body.applications.map((a: any) => a.name)).toEqual([
      'order-service',
    ]);
  });

  it('history: newest first, every revision with its commit from the local git repository', async () => {
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/history?limit=5',
    );
    expect(status).toBe(200);
    expect(body.entries.length).toBeGreaterThan(0);
    const ids = body.entries.map((e: any) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (const entry of body.entries) {
      const [rev] = entry.revisions;
      expect(rev.detailsStatus).toBe('ok');
      expect(rev.details.message.split('\n')[0]).toBe(
        git('log', '-1', '--format=%s', rev.revision),
      );
    }
  });

  it('a commit to the GitOps repo makes order-service OutOfSync, and the resource list shows the Deployment', async () => {
    scenario('argocd-out-of-sync');
    const a = await eventually('order-service OutOfSync', async () => {
      const current = await app('order-service');
      return current.syncStatus === 'OutOfSync' ? current : undefined;
    });
    expect(a.outOfSyncResources).toBeGreaterThanOrEqual(1);
    const { body } = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/resources',
    );
    expect(body.syncStatus).toBe('OutOfSync');
    expect(body.resources).toContainEqual(
      expect.objectContaining({
        kind: 'Deployment',
        name: 'order-service',
        namespace: 'supply-chain',
        syncStatus: 'OutOfSync',
      }),
    );
    expect(
      body.resources.find((r: any) => r.kind === 'Service'),
    ).toBeUndefined();
  });

  it("a non-owner's sync is refused (403) and nothing reaches Argo CD", async () => {
    const before = recorded.length;
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/sync',
      { method: 'POST', user: STRANGER, body: {} },
    );
    expect(status).toBe(403);
    expect(body.error.message).toBe(
      'You may not sync the Argo CD applications of component:default/order-service',
    );
    expect(recorded.length).toBe(before);
    expect((await app('order-service')).syncStatus).toBe('OutOfSync');
  });

  it("the read-only token: Argo CD's own refusal is shown, labelled with the instance", async () => {
    const { status, body } = await call(
      '/entities/component/default/order-service-read-only/applications/sandbox-readonly/order-service/sync',
      { method: 'POST', body: {} },
    );
    expect(status).toBe(502);
    expect(body.error.message).toMatch(
      /^Argo CD instance "sandbox-readonly" refused the request \(HTTP 403\): permission denied/,
    );
    expect(body.text ?? JSON.stringify(body)).not.toContain(token);
  });

  it('a sync through the plugin changes the operation state, brings order-service to Synced, and the Deployment rolls out', async () => {
    const before = await app('order-service');
    const head = git('rev-parse', 'main');
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/sync',
      { method: 'POST', body: { prune: false } },
    );
    expect(status).toBe(200);
    expect(body.message).toBe('Sync of order-service started');
    const after = await eventually(
      'order-service Synced after the sync',
      async () => {
        const a = await app('order-service');
        return a.syncStatus === 'Synced' &&
          a.operation?.phase === 'Succeeded' &&
          a.operation.finishedAt !== before.operation?.finishedAt
          ? a
          : undefined;
      },
    );
    expect(after.operation.initiatedBy).toBe('admin');
    expect(after.revisions[0].revision).toBe(head);
    expect(after.revisions[0].details.message).toBe(
      'order-service: 4 replicas and DEBUG logging (sandbox scenario argocd-out-of-sync)',
    );
    // What the sync applied from Git: 4 replicas and DEBUG logging ...
    const live = deployment();
    expect(live.spec.replicas).toBe(4);
    expect(logLevel(live)).toBe('DEBUG');
    // ... and the Deployment rolls out (kwok runs the pods). Another test
    // changing order-service meanwhile is reported as such, not as a timeout.
    await eventually('order-service to roll out 4/4 ready', async () => {
      const d = deployment();
      const fault =
        d.spec.template.metadata.labels?.['sandbox.supplychain.io/fault'];
      if (fault || logLevel(d) !== 'DEBUG') {
        throw new Interference(
          `order-service was changed by someone else during this test (${
            d.metadata.annotations?.['kubernetes.io/change-cause'] ??
            `fault=${fault}`
          })`,
        );
      }
      return d.status.updatedReplicas === 4 && d.status.readyReplicas === 4
        ? d
        : undefined;
    });
    const history = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/history?limit=1',
    );
    expect(history.body.entries[0].revisions[0]).toMatchObject({
      revision: head,
      detailsStatus: 'ok',
    });
  });

  it('rollback to the previous history entry, through the plugin', async () => {
    const history = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/history?limit=2',
    );
    const [newest, previous] = history.body.entries;
    expect(previous).toBeDefined();
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/rollback',
      { method: 'POST', body: { id: previous.id } },
    );
    expect(status).toBe(200);
    expect(body.message).toBe(
      `Rollback of order-service to history entry ${previous.id} started`,
    );
    const done = await eventually('the rollback to finish', async () => {
      const h = await call(
        '/entities/component/default/order-service/applications/sandbox/order-service/history?limit=1',
      );
      return h.body.entries[0].id > newest.id ? h.body.entries[0] : undefined;
    });
    expect(done.revisions[0].revision).toBe(previous.revisions[0].revision);
  });

  it('refresh through the plugin', async () => {
    const { status, body } = await call(
      '/entities/component/default/order-service/applications/sandbox/order-service/refresh',
      { method: 'POST', body: {} },
    );
    expect(status).toBe(200);
    expect(body.message).toMatch(
      /^Refreshed order-service: (Synced|OutOfSync)$/,
    );
  });

  it('argocd-server stopped: a labelled 503 naming the instance; the same session works again once it is back', async () => {
    argocdServer('stop');
    try {
      const down = await apps('order-service');
      expect(down.status).toBe(503);
      expect(down.body.error.message).toBe(
        `Argo CD instance "sandbox" is unreachable at ${argocdUrl}: ECONNREFUSED`,
      );
      expect(down.body.instances).toEqual([
        expect.objectContaining({
          name: 'sandbox',
          ok: false,
          error: expect.objectContaining({ reason: 'unreachable' }),
        }),
      ]);
    } finally {
      argocdServer('start'); // returns once /healthz answers
    }
    const up = await eventually('the entity to answer again', async () => {
      const r = await apps('order-service');
      return r.status === 200 ? r : undefined;
    });
    expect(up.body.applications[0]).toMatchObject({
      name: 'order-service',
      healthStatus: 'Healthy',
    });
  });

  it('username/password: one Argo CD session for every request of this run', () => {
    expect(instances.client('sandbox')!.requestsSent).toBeGreaterThan(20);
    expect(instances.client('sandbox')!.sessionsCreated).toBe(1);
  });

  it("every request sent to Argo CD conforms to Argo CD's OpenAPI document", () => {
    const { doc } = loadArgoCdSwagger();
    expect(recorded.length).toBeGreaterThan(20);
    const kinds = new Set(
      recorded.map(
        r =>
          `${r.method} ${new URL(r.url).pathname
            .replace(/\/applications\/[^/]+/, '/applications/{name}')
            .replace(/\/revisions\/[^/]+/, '/revisions/{rev}')}`,
      ),
    );
    expect([...kinds].sort()).toEqual([
      'GET /api/v1/applications',
      'GET /api/v1/applications/{name}',
      'GET /api/v1/applications/{name}/revisions/{rev}/metadata',
      'POST /api/v1/applications/{name}/rollback',
      'POST /api/v1/applications/{name}/sync',
      'POST /api/v1/session',
    ]);
    expect(recorded.flatMap(r => contractViolations(doc, r))).toEqual([]);
  });
});
