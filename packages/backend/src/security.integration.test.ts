/*
 * Security of every supply-chain plugin route, against the real backend
 * (every plugin, `backstage-cli package start`) wired to the sandbox's real
 * cluster and Argo CD (issue 9):
 * - no route answers without credentials;
 * - every write is refused for a user who does not own the entity, and the
 *   cluster does not change;
 * - malformed and oversized input (a fuzz-style table of refs, bodies and
 *   headers) gets a 4xx, never a 5xx or a hang;
 * - no token or password of the sandbox appears in any response, in the
 *   configuration the frontend receives, or in the backend's logs.
 * Fails, never skips, when the sandbox cannot be started.
 */
import { loadConfig, loadConfigSchema } from '@backstage/config-loader';
import { join } from 'node:path';
import {
  FOREIGN,
  OWNED,
  PortalUnderAttack,
  ROOT,
  startPortalUnderAttack,
} from './__testUtils__/portalUnderAttack';

jest.setTimeout(600_000);

let portal: PortalUnderAttack;

/** every route called as the team member (auth: null = none); a hang fails the row after 20 s */
const call: PortalUnderAttack['call'] = (...args) => portal.call(...args);

const kubectl = (...args: string[]) =>
  portal.kubectl('-n', 'supply-chain', ...args);

beforeAll(async () => {
  portal = await startPortalUnderAttack({
    name: 'security',
    requestTimeoutMs: 20_000,
  });
});

afterAll(async () => {
  await portal?.stop();
});

const target = { cluster: 'sandbox', namespace: 'supply-chain' };
const argoApp = (ref: string, app: string) =>
  `/api/argocd/entities/${ref}/applications/sandbox/${app}`;

/** Every route of the supply-chain plugins, with a request that is valid for its owner. */
// every row has all its cells: jest hands a missing one to the test as `done`
const ROUTES: Array<[string, string, object | undefined]> = [
  ['GET', '/api/rollouts/clusters', undefined],
  ['GET', '/api/rollouts/mlmodels', undefined],
  ['GET', '/api/rollouts/overview/rollouts', undefined],
  ['GET', '/api/attention/problems', undefined],
  ['GET', `/api/rollouts/entity/${OWNED}/rollouts`, undefined],
  [
    'GET',
    `/api/rollouts/entity/${OWNED}/deployments/sandbox/supply-chain/inventory-service`,
    undefined,
  ],
  ['GET', `/api/rollouts/entity/${OWNED}/mlmodels`, undefined],
  [
    'POST',
    `/api/rollouts/entity/${OWNED}/actions/restart`,
    { ...target, name: 'inventory-service' },
  ],
  ['GET', `/api/argocd/entities/${OWNED}/applications`, undefined],
  ['GET', `${argoApp(OWNED, 'inventory-service')}/history`, undefined],
  ['GET', `${argoApp(OWNED, 'inventory-service')}/resources`, undefined],
  ['POST', `${argoApp(OWNED, 'inventory-service')}/sync`, {}],
  ['POST', `${argoApp(OWNED, 'inventory-service')}/refresh`, {}],
  ['POST', `${argoApp(OWNED, 'inventory-service')}/rollback`, { id: 1 }],
  [
    'GET',
    '/api/service-boundaries/boundaries?entityRef=component:default/inventory-service',
    undefined,
  ],
  ['GET', '/api/service-boundaries/map', undefined],
  ['GET', '/api/service-boundaries/drift', undefined],
  ['GET', '/api/service-boundaries/owners?q=inventory-service', undefined],
  [
    'POST',
    '/api/service-boundaries/owners/batch',
    { identifiers: ['inventory-service'] },
  ],
  ['GET', '/api/service-boundaries/unowned', undefined],
];

describe('unauthenticated requests', () => {
  it.each(ROUTES)('%s %s → 401', async (method, path, body) => {
    const { status } = await call(method, path, { auth: null, body });
    expect(status).toBe(401);
  });

  it.each([
    ['an empty bearer', 'Bearer '],
    ['a token that is not a JWT', 'Bearer not-a-token'],
    [
      'a forged JWT',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvYWRtaW4ifQ.',
    ],
    ['basic auth', 'Basic YWRtaW46YWRtaW4='],
  ])('%s → 401', async (_what, auth) => {
    const { status } = await call(
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/restart`,
      { auth, body: { ...target, name: 'inventory-service' } },
    );
    expect(status).toBe(401);
  });
});

describe('writes by a user who does not own the entity', () => {
  const restartedAt = () =>
    JSON.parse(kubectl('get', 'deployment', 'order-service', '-o', 'json')).spec
      .template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'];

  it.each([
    ['restart', {}],
    ['pause', {}],
    ['resume', {}],
    ['undo', { toRevision: 1 }],
    ['scale', { replicas: 3 }],
  ])('rollouts %s on order-service → 403', async (action, extra) => {
    const before = restartedAt();
    const { status, text } = await call(
      'POST',
      `/api/rollouts/entity/${FOREIGN}/actions/${action}`,
      { body: { ...target, name: 'order-service', ...extra } },
    );
    expect(status).toBe(403);
    expect(JSON.parse(text).error.name).toBe('NotAllowedError');
    expect(restartedAt()).toBe(before);
  });

  it.each([
    ['sync', {}],
    ['refresh', {}],
    ['rollback', { id: 1 }],
  ])('Argo CD %s of order-service → 403', async (action, body) => {
    const { status } = await call(
      'POST',
      `${argoApp(FOREIGN, 'order-service')}/${action}`,
      { body },
    );
    expect(status).toBe(403);
  });

  it('an action on a Deployment that does not belong to the entity is refused, not executed', async () => {
    const before = restartedAt();
    const { status } = await call(
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/restart`,
      { body: { ...target, name: 'order-service' } },
    );
    expect([403, 404]).toContain(status);
    expect(restartedAt()).toBe(before);
  });
});

describe('malformed and oversized input: 4xx, never 5xx or a hang', () => {
  const long = 'a'.repeat(5000);
  const restart = `/api/rollouts/entity/${OWNED}/actions/restart`;
  const rows: Array<
    [
      string,
      string,
      string,
      { body?: string | object; headers?: Record<string, string> },
    ]
  > = [
    // refs and paths
    [
      'a NUL in the name',
      'GET',
      '/api/rollouts/entity/component/default/%00/rollouts',
      {},
    ],
    [
      'a 5,000 character name',
      'GET',
      `/api/rollouts/entity/component/default/${long}/rollouts`,
      {},
    ],
    [
      'path traversal in the name',
      'GET',
      '/api/rollouts/entity/component/default/..%2F..%2Fetc%2Fpasswd/rollouts',
      {},
    ],
    [
      'an invalid kind',
      'GET',
      '/api/rollouts/entity/comp%20onent!/default/x/rollouts',
      {},
    ],
    [
      'an unknown entity',
      'GET',
      '/api/rollouts/entity/component/default/no-such-service/rollouts',
      {},
    ],
    [
      'an upper-case namespace',
      'GET',
      `/api/rollouts/entity/${OWNED}/deployments/sandbox/Supply_Chain/inventory-service`,
      {},
    ],
    [
      'an unknown cluster',
      'GET',
      `/api/rollouts/entity/${OWNED}/deployments/nowhere/supply-chain/inventory-service`,
      {},
    ],
    [
      'unicode in the name',
      'GET',
      `/api/argocd/entities/component/default/${encodeURIComponent(
        'сервис-💥',
      )}/applications`,
      {},
    ],
    [
      'traversal in the Argo CD app',
      'GET',
      `${argoApp(OWNED, '..%2F..%2Fapi%2Fv1%2Fsession')}/history`,
      {},
    ],
    [
      'a negative history limit',
      'GET',
      `${argoApp(OWNED, 'inventory-service')}/history?limit=-5`,
      {},
    ],
    [
      'a non-numeric history limit',
      'GET',
      `${argoApp(OWNED, 'inventory-service')}/history?limit=abc`,
      {},
    ],
    [
      'an unknown Argo CD instance',
      'GET',
      `/api/argocd/entities/${OWNED}/applications/nowhere/inventory-service/history`,
      {},
    ],
    ['an empty who-owns query', 'GET', '/api/service-boundaries/owners?q=', {}],
    [
      'a 5,000 character who-owns query',
      'GET',
      `/api/service-boundaries/owners?q=${long}`,
      {},
    ],
    [
      'a malformed entity ref',
      'GET',
      '/api/service-boundaries/boundaries?entityRef=%3A%3A%3A',
      {},
    ],
    [
      'an entityRef given twice',
      'GET',
      '/api/service-boundaries/drift?entityRef=a&entityRef=b',
      {},
    ],
    // bodies
    [
      'JSON that does not parse',
      'POST',
      restart,
      { body: '{"cluster": "sandbox",' },
    ],
    ['an array body', 'POST', restart, { body: [] }],
    ['a null body', 'POST', restart, { body: 'null' }],
    [
      'a missing field',
      'POST',
      restart,
      { body: { cluster: 'sandbox', namespace: 'supply-chain' } },
    ],
    [
      'a number where a name belongs',
      'POST',
      restart,
      { body: { ...target, name: 42 } },
    ],
    [
      'an unknown action',
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/explode`,
      { body: { ...target, name: 'inventory-service' } },
    ],
    [
      'negative replicas',
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/scale`,
      { body: { ...target, name: 'inventory-service', replicas: -1 } },
    ],
    [
      'a billion replicas',
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/scale`,
      { body: { ...target, name: 'inventory-service', replicas: 1e9 } },
    ],
    [
      'a revision that is text',
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/undo`,
      { body: { ...target, name: 'inventory-service', toRevision: 'latest' } },
    ],
    [
      'a rollback id that is text',
      'POST',
      `${argoApp(OWNED, 'inventory-service')}/rollback`,
      { body: { id: 'previous' } },
    ],
    [
      'a 2 MB body',
      'POST',
      restart,
      { body: { ...target, name: 'inventory-service', pad: 'x'.repeat(2e6) } },
    ],
    [
      'a batch that is not a list',
      'POST',
      '/api/service-boundaries/owners/batch',
      { body: { identifiers: 'inventory-service' } },
    ],
    [
      'a batch of 20,000 identifiers',
      'POST',
      '/api/service-boundaries/owners/batch',
      {
        body: {
          identifiers: Array.from({ length: 20_000 }, (_, i) => `svc-${i}`),
        },
      },
    ],
    // headers
    [
      'a body declared as text',
      'POST',
      restart,
      {
        body: 'cluster=sandbox',
        headers: { 'content-type': 'text/plain' },
      },
    ],
    [
      'a 20 KB header',
      'GET',
      `/api/rollouts/entity/${OWNED}/rollouts`,
      { headers: { 'x-padding': 'x'.repeat(20_000) } },
    ],
  ];

  it.each(rows)('%s → 4xx', async (_what, method, path, options) => {
    const { status, text } = await call(method, path, options);
    // the answer is named in the failure so a 5xx shows its message
    expect(
      status >= 400 && status < 500 ? '4xx' : `HTTP ${status}: ${text}`,
    ).toBe('4xx');
  });
});

describe('secrets', () => {
  it('no token or password of the sandbox appears in any response of this run', () => {
    const { secrets, responses } = portal;
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    expect(responses.length).toBeGreaterThan(50);
    const leaks = secrets.filter(s => responses.some(body => body.includes(s)));
    expect(leaks.map(s => `${s.slice(0, 4)}…`)).toEqual([]);
  });

  it('the configuration the frontend receives holds none of them', async () => {
    const schema = await loadConfigSchema({ dependencies: ['app'] });
    const { appConfigs } = await loadConfig({
      configRoot: ROOT,
      configTargets: [
        { path: join(ROOT, 'app-config.yaml') },
        { path: join(ROOT, 'app-config.sandbox.yaml') },
      ],
    });
    const frontend = JSON.stringify(
      schema.process(appConfigs, { visibility: ['frontend'] }),
    );
    // the sandbox's config was really loaded (its cluster URL is in it) ...
    expect(JSON.stringify(appConfigs)).toContain(portal.sb.portalToken);
    // ... and what the browser gets has no secret of it
    const leaks = portal.secrets.filter(s => frontend.includes(s));
    expect(leaks.map(s => `${s.slice(0, 4)}…`)).toEqual([]);
  });

  it("the backend's logs hold none of them", () => {
    const { output } = portal.backend;
    expect(output.length).toBeGreaterThan(1000);
    const leaks = portal.secrets.filter(s => output.includes(s));
    expect(leaks.map(s => `${s.slice(0, 4)}…`)).toEqual([]);
  });
});
