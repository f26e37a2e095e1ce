/*
 * Attack suite, issue 15 classes 1 (credentials handed out by another plugin)
 * and 2 (ownership that the claimant declares), against the real backend,
 * cluster, Argo CD and Gitea, as aisha.bello of inventory-team. Every refusal
 * is read back as admin: the cluster and Argo CD are unchanged.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  deploymentFingerprint,
  FOREIGN,
  OWNED,
  PortalUnderAttack,
  startPortalUnderAttack,
} from '../__testUtils__/portalUnderAttack';

jest.setTimeout(600_000);

let portal: PortalUnderAttack;
const ATTACK_REPO = 'claims-attack';
/** the attacker's Resource, owned by the attacker's team, pointing at order-service */
const PLANTED = 'resource/default/evil-claim';

const orderService = () =>
  deploymentFingerprint(portal.kubeGet('deployment', 'order-service'));

async function orderServiceApp() {
  const res = await portal.argocdAdmin('/api/v1/applications/order-service');
  const app = await res.json();
  return {
    operationStartedAt: app.status?.operationState?.startedAt,
    history: (app.status?.history ?? []).map((h: any) => h.id),
    refresh: app.metadata?.annotations?.['argocd.argoproj.io/refresh'],
  };
}

beforeAll(async () => {
  portal = await startPortalUnderAttack({ name: 'attack-ownership' });
  const git = portal.giteaAdmin;
  await git(`/repos/supply-chain/${ATTACK_REPO}`, { method: 'DELETE' });
  const created = await git('/orgs/supply-chain/repos', {
    method: 'POST',
    body: JSON.stringify({
      name: ATTACK_REPO,
      auto_init: true,
      default_branch: 'main',
    }),
  });
  if (!created.ok) throw new Error(`Gitea repo: HTTP ${created.status}`);
  const yaml = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Resource',
    'metadata:',
    '  name: evil-claim',
    '  annotations:',
    '    backstage.io/kubernetes-id: order-service',
    '    backstage.io/kubernetes-namespace: supply-chain',
    '    argocd/app-name: order-service',
    'spec:',
    '  type: ml-model',
    '  owner: group:default/inventory-team',
    '',
  ].join('\n');
  const file = await git(
    `/repos/supply-chain/${ATTACK_REPO}/contents/catalog-info.yaml`,
    {
      method: 'POST',
      body: JSON.stringify({
        message: 'claim order-service',
        content: Buffer.from(yaml).toString('base64'),
      }),
    },
  );
  if (!file.ok) throw new Error(`Gitea file: HTTP ${file.status}`);
  // the attacker registers it as any team member may register their repositories
  const registered = await portal.call('POST', '/api/catalog/locations', {
    body: {
      type: 'url',
      target: `${process.env.SANDBOX_GIT_URL}/supply-chain/${ATTACK_REPO}/src/branch/main/catalog-info.yaml`,
    },
  });
  if (registered.status !== 201) {
    throw new Error(
      `registering the attacker's location: HTTP ${registered.status} ${registered.text}`,
    );
  }
  await portal.waitForEntities([PLANTED]);
});

afterAll(async () => {
  if (portal) {
    const locations = await portal.call('GET', '/api/catalog/locations');
    for (const { data } of locations.json ?? []) {
      if (String(data.target).includes(ATTACK_REPO)) {
        await portal.call('DELETE', `/api/catalog/locations/${data.id}`);
      }
    }
    await portal.giteaAdmin(`/repos/supply-chain/${ATTACK_REPO}`, {
      method: 'DELETE',
    });
    await portal.stop();
  }
});

const target = { cluster: 'sandbox', namespace: 'supply-chain' };

describe('class 1: credentials handed out by another plugin', () => {
  const proxy = (path: string) => `/api/kubernetes/proxy${path}`;
  const headers = { 'backstage-kubernetes-cluster': 'sandbox' };

  it.each([
    [
      'PATCH order-service (scale to 0)',
      'PATCH',
      '/apis/apps/v1/namespaces/supply-chain/deployments/order-service',
      { spec: { replicas: 0 } },
      'application/merge-patch+json',
    ],
    [
      'PUT order-service',
      'PUT',
      '/apis/apps/v1/namespaces/supply-chain/deployments/order-service',
      { kind: 'Deployment', metadata: { name: 'order-service' } },
      'application/json',
    ],
    [
      'DELETE order-service',
      'DELETE',
      '/apis/apps/v1/namespaces/supply-chain/deployments/order-service',
      undefined,
      undefined,
    ],
    [
      'POST a Deployment next to it',
      'POST',
      '/apis/apps/v1/namespaces/supply-chain/deployments',
      { kind: 'Deployment', metadata: { name: 'order-service-2' } },
      'application/json',
    ],
  ])(
    'the official proxy refuses %s; nothing changes',
    async (_what, method, path, body, contentType) => {
      const before = orderService();
      const res = await portal.call(method, proxy(path), {
        body,
        headers: {
          ...headers,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
      });
      expect(res.status).toBe(403);
      expect(orderService()).toEqual(before);
      expect(portal.kubeGet('deployment', 'order-service-2')).toBeUndefined();
    },
  );

  it('the official proxy refuses deleting a pod of order-service; the pod stays', async () => {
    const pods = JSON.parse(
      portal.kubectl(
        '-n',
        'supply-chain',
        'get',
        'pods',
        '-l',
        'backstage.io/kubernetes-id=order-service',
        '-o',
        'json',
      ),
    ).items;
    expect(pods.length).toBeGreaterThan(0);
    const pod = pods[0].metadata;
    const res = await portal.call(
      'DELETE',
      proxy(`/api/v1/namespaces/supply-chain/pods/${pod.name}`),
      { headers },
    );
    expect(res.status).toBe(403);
    expect(portal.kubeGet('pod', pod.name)?.metadata.uid).toBe(pod.uid);
  });

  const canI = (token: string, ...args: string[]) => {
    try {
      return execFileSync(
        join(portal.sb.stateDir, 'bin', 'kubectl'),
        [
          '--server',
          portal.sb.server,
          '--certificate-authority',
          portal.sb.caFile,
          '--token',
          token,
          'auth',
          'can-i',
          ...args,
        ],
        { encoding: 'utf8' },
      ).trim();
    } catch (e) {
      return String((e as any).stdout ?? '').trim();
    }
  };

  it('the token of the shared cluster block (the official plugin’s) cannot write anything', () => {
    const token = process.env.SANDBOX_PORTAL_TOKEN!;
    for (const verb of [
      ['patch', 'deployments'],
      ['update', 'deployments'],
      ['patch', 'deployments/scale'],
      ['delete', 'pods'],
      ['create', 'mlmodels.ml.supplychain.io'],
      ['create', 'pods/exec'],
    ]) {
      expect([
        verb.join(' '),
        canI(token, ...verb, '-n', 'supply-chain'),
      ]).toEqual([verb.join(' '), 'no']);
    }
    expect(canI(token, 'list', 'deployments', '-n', 'supply-chain')).toBe(
      'yes',
    );
  });

  it('the rollout actions’ token patches Deployments in supply-chain and nothing else', () => {
    const token = process.env.SANDBOX_ROLLOUT_ACTIONS_TOKEN!;
    expect(canI(token, 'patch', 'deployments', '-n', 'supply-chain')).toBe(
      'yes',
    );
    for (const verb of [
      ['patch', 'deployments', '-n', 'kube-system'],
      ['delete', 'deployments', '-n', 'supply-chain'],
      ['create', 'deployments', '-n', 'supply-chain'],
      ['get', 'secrets', '-n', 'supply-chain'],
      ['delete', 'pods', '-n', 'supply-chain'],
    ]) {
      expect([verb.join(' '), canI(token, ...verb)]).toEqual([
        verb.join(' '),
        'no',
      ]);
    }
  });
});

describe('class 2: ownership that the claimant declares', () => {
  it.each([
    ['restart', {}],
    ['pause', {}],
    ['resume', {}],
    ['undo', { toRevision: 1 }],
    ['scale', { replicas: 0 }],
  ])(
    'a %s of order-service in the name of a Resource the attacker owns and points at it is refused; the Deployment is unchanged',
    async (action, extra) => {
      const before = orderService();
      const res = await portal.call(
        'POST',
        `/api/rollouts/entity/${PLANTED}/actions/${action}`,
        { body: { ...target, name: 'order-service', ...extra } },
      );
      expect(res.status).toBe(403);
      expect(res.json.error.message).toMatch(
        /^resource:default\/evil-claim comes from url:http:\/\/127\.0\.0\.1:\d+\/supply-chain\/claims-attack\/.*, which is not a trusted ownership source \(supplyChain\.ownership\.trustedLocations\); Deployment supply-chain\/order-service in cluster sandbox belongs to component:default\/order-service$/,
      );
      expect(orderService()).toEqual(before);
    },
  );

  it.each([
    ['sync', {}],
    ['refresh', {}],
    ['rollback', { id: 1 }],
  ])(
    'an Argo CD %s of order-service in the name of that Resource is refused; the application is unchanged',
    async (action, body) => {
      const before = await orderServiceApp();
      const res = await portal.call(
        'POST',
        `/api/argocd/entities/${PLANTED}/applications/sandbox/order-service/${action}`,
        { body },
      );
      expect(res.status).toBe(403);
      expect(res.json.error.message).toMatch(
        /comes from .*claims-attack.*, which is not a trusted ownership source/,
      );
      expect(await orderServiceApp()).toEqual(before);
    },
  );

  it('the owner is not blocked by an untrusted claim: inventory-team still restarts its own service', async () => {
    const before = portal.kubeGet('deployment', 'inventory-service');
    const res = await portal.call(
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/restart`,
      { body: { ...target, name: 'inventory-service' } },
    );
    expect(res.status).toBe(200);
    const after = portal.kubeGet('deployment', 'inventory-service');
    expect(after.metadata.generation).toBeGreaterThan(
      before.metadata.generation,
    );
  });

  it('reads say that the claim on order-service is contested, naming the claimant', async () => {
    const res = await portal.call(
      'GET',
      `/api/rollouts/entity/${FOREIGN}/rollouts`,
    );
    expect(res.status).toBe(200);
    const deployment = res.json.clusters[0].deployments.find(
      (d: any) => d.name === 'order-service',
    );
    expect(deployment.ownership).toMatchObject({
      writer: 'component:default/order-service',
      contested: true,
    });
    expect(
      deployment.ownership.claims.map((c: any) => [c.entityRef, c.trusted]),
    ).toEqual([
      ['component:default/order-service', true],
      ['resource:default/evil-claim', false],
    ]);
  });
});
