import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec } from '../rendering/serviceSpec';
import { startFakeApiserver } from './__testUtils__/fakeApiserver';
import { TargetGuard } from '../policy/TargetGuard';
import { createTestCatalog } from './__testUtils__/catalog';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import {
  configWithPolicy,
  FULFILLMENT_USER,
  INVENTORY_USER,
} from './__testUtils__/policy';
import { createKubernetesApplyAction } from './kubernetesApply';

function writeBase(workspace: string) {
  const rendered = renderServiceManifests(
    parseServiceSpec({
      name: 'returns-service',
      owner: 'group:default/fulfillment-team',
      include: {
        serviceMonitor: true,
        kustomize: true,
        argocdApplication: false,
      },
    }),
  );
  for (const f of rendered.files) {
    const p = path.join(workspace, 'k8s', f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.content);
  }
  return rendered.objects.length;
}

describe('supply-chain:kubernetes:apply', () => {
  let apiserver: Awaited<ReturnType<typeof startFakeApiserver>>;
  const config = (url: string, token = 'write-token') =>
    configWithPolicy(
      {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'sandbox',
                  url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'read-only',
                },
              ],
            },
          ],
        },
      },
      { clusters: [{ name: 'sandbox', url, token }] },
    );
  const OWNER = 'group:default/fulfillment-team';
  const ID = { 'backstage.io/kubernetes-id': 'returns-service' };

  beforeEach(async () => {
    apiserver = await startFakeApiserver({
      token: 'write-token',
      rejectNames: ['broken'],
    });
  });
  afterEach(() => apiserver.close());

  it('validates the whole folder with a server-side dry run, then applies it with the field manager', async () => {
    const action = createKubernetesApplyAction({
      config: config(apiserver.url),
    });
    const ctx = createTestActionContext({
      input: { cluster: 'sandbox', owner: OWNER, path: 'k8s/base' },
    });
    const count = writeBase(ctx.workspacePath);
    await action.handler(ctx);

    const patches = apiserver.requests.filter(r => r.method === 'PATCH');
    expect(patches).toHaveLength(2 * count);
    expect(
      patches.slice(0, count).every(r => r.query.get('dryRun') === 'All'),
    ).toBe(true);
    expect(patches.slice(count).every(r => !r.query.has('dryRun'))).toBe(true);
    expect(
      patches.every(
        r => r.query.get('fieldManager') === 'backstage-scaffolder',
      ),
    ).toBe(true);
    expect(apiserver.stored.size).toBe(count);
    // ServiceAccount before the Deployment that runs as it
    const applied = ctx.outputs.applied as string[];
    expect(
      applied.indexOf('ServiceAccount supply-chain/returns-service-sa'),
    ).toBeLessThan(applied.indexOf('Deployment supply-chain/returns-service'));
    expect(ctx.outputs.dryRun).toBe(false);
  });

  it('persists nothing in dry-run mode (input or scaffolder dry run)', async () => {
    const action = createKubernetesApplyAction({
      config: config(apiserver.url),
    });
    for (const ctx of [
      createTestActionContext({
        input: {
          cluster: 'sandbox',
          owner: OWNER,
          path: 'k8s/base',
          dryRun: true,
        },
      }),
      createTestActionContext({
        input: { cluster: 'sandbox', owner: OWNER, path: 'k8s/base' },
        isDryRun: true,
      }),
    ]) {
      writeBase(ctx.workspacePath);
      await action.handler(ctx);
      expect(ctx.outputs.dryRun).toBe(true);
    }
    expect(apiserver.stored.size).toBe(0);
  });

  it('applies nothing when the apiserver rejects one object, and says which', async () => {
    const action = createKubernetesApplyAction({
      config: config(apiserver.url),
    });
    const ctx = createTestActionContext({
      input: {
        cluster: 'sandbox',
        owner: OWNER,
        namespace: 'supply-chain',
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'fine', labels: ID },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'broken', labels: ID },
          },
        ],
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /rejected 1 of 2 objects \(nothing was applied\): Deployment broken: Deployment "broken" is invalid/,
    );
    expect(apiserver.stored.size).toBe(0);
  });

  it('skips objects a retried task already applied', async () => {
    const action = createKubernetesApplyAction({
      config: config(apiserver.url),
    });
    const input = {
      cluster: 'sandbox',
      owner: OWNER,
      namespace: 'supply-chain',
      manifests: [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'returns-service-sa', labels: ID },
        },
      ],
    };
    const first = createTestActionContext({ input });
    await action.handler(first);
    const retry = createTestActionContext({
      input,
      checkpoints: first.checkpoints,
    });
    await action.handler(retry);
    const realApplies = apiserver.requests.filter(
      r => r.method === 'PATCH' && !r.query.has('dryRun'),
    );
    expect(realApplies).toHaveLength(1);
  });

  const refused: Array<[string, Record<string, unknown>, RegExp, any]> = [
    [
      'an unknown cluster',
      { cluster: 'prod', owner: OWNER, manifests: [{}] },
      /cluster: 'prod' is not configured \(known: sandbox\)/,
      InputError,
    ],
    [
      'both path and manifests',
      { cluster: 'sandbox', owner: OWNER, path: 'k8s', manifests: [{}] },
      /path: give exactly one of path or manifests/,
      InputError,
    ],
    [
      'a path outside the workspace',
      { cluster: 'sandbox', owner: OWNER, path: '../../etc' },
      /path: '..\/..\/etc' points outside the workspace/,
      InputError,
    ],
    [
      'an object without a kind',
      {
        cluster: 'sandbox',
        owner: OWNER,
        manifests: [{ apiVersion: 'v1', metadata: { name: 'x', labels: ID } }],
      },
      /manifests\[0\]: not a Kubernetes object \(kind: Required\)/,
      InputError,
    ],
    [
      'a kind the cluster does not serve',
      {
        cluster: 'sandbox',
        owner: OWNER,
        namespace: 'supply-chain',
        manifests: [
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: 'x', labels: ID },
          },
        ],
      },
      /does not serve external-secrets.io\/v1 ExternalSecret \(CRD not installed\?\)/,
      InputError,
    ],
  ];
  it.each(refused)('refuses %s', async (_, input, message, type) => {
    const action = createKubernetesApplyAction({
      config: config(apiserver.url),
    });
    const ctx = createTestActionContext({ input });
    await expect(action.handler(ctx)).rejects.toThrow(type);
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(apiserver.stored.size).toBe(0);
  });

  it('skips kinds the cluster does not serve only when asked, and lists them', async () => {
    const action = createKubernetesApplyAction({
      config: config(apiserver.url),
    });
    const ctx = createTestActionContext({
      input: {
        cluster: 'sandbox',
        owner: OWNER,
        namespace: 'supply-chain',
        dryRun: true,
        ignoreUnservedKinds: true,
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'returns-service-sa', labels: ID },
          },
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: 'db', labels: ID },
          },
        ],
      },
    });
    await action.handler(ctx);
    expect(ctx.outputs.skipped).toEqual(['ExternalSecret supply-chain/db']);
    expect(ctx.outputs.applied).toEqual([
      'ServiceAccount supply-chain/returns-service-sa',
    ]);
  });

  it('turns a refused token into NotAllowedError', async () => {
    const action = createKubernetesApplyAction({
      config: config(apiserver.url, 'wrong'),
    });
    const ctx = createTestActionContext({
      input: {
        cluster: 'sandbox',
        owner: OWNER,
        namespace: 'supply-chain',
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'x', labels: ID },
          },
        ],
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
  });

  const policyRefusals: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'a ClusterRole',
      {
        manifests: [
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'x', labels: ID },
          },
        ],
      },
      /ClusterRole \(rbac.authorization.k8s.io\/v1\) may not be applied by the scaffolder/,
    ],
    [
      'a Namespace',
      {
        manifests: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
        ],
      },
      /Namespace \(v1\) may not be applied/,
    ],
    [
      'a Secret',
      {
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'x', labels: ID },
          },
        ],
      },
      /Secret \(v1\) may not be applied/,
    ],
    [
      'a namespace not allowed',
      {
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'x', namespace: 'kube-system', labels: ID },
          },
        ],
      },
      /may not deploy to namespace kube-system of cluster sandbox/,
    ],
    [
      'force',
      {
        force: true,
        manifests: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
        ],
      },
      /force: the scaffolder never takes over fields/,
    ],
    [
      "another manager's name",
      {
        fieldManager: 'argocd-controller',
        manifests: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
        ],
      },
      /fieldManager must be backstage-scaffolder/,
    ],
    [
      'an object of no workload',
      {
        manifests: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
        ],
      },
      /needs the label backstage.io\/kubernetes-id/,
    ],
  ];
  it.each(policyRefusals)(
    'refuses %s before talking to the cluster',
    async (_, input, message) => {
      const action = createKubernetesApplyAction({
        config: config(apiserver.url),
      });
      const ctx = createTestActionContext({
        input: {
          cluster: 'sandbox',
          owner: OWNER,
          namespace: 'supply-chain',
          ...input,
        },
      });
      await expect(action.handler(ctx)).rejects.toThrow(InputError);
      await expect(action.handler(ctx)).rejects.toThrow(message);
      expect(apiserver.requests).toEqual([]);
    },
  );

  it("refuses objects of another team's workload; the owning team may apply them", async () => {
    const cfg = config(apiserver.url);
    const action = createKubernetesApplyAction({
      config: cfg,
      guard: new TargetGuard({ config: cfg, catalog: createTestCatalog() }),
    });
    const input = (owner: string) => ({
      cluster: 'sandbox',
      owner,
      namespace: 'supply-chain',
      manifests: [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: {
            name: 'order-service-config',
            labels: { 'backstage.io/kubernetes-id': 'order-service' },
          },
        },
      ],
    });
    const foreign = createTestActionContext({
      input: input('group:default/inventory-team'),
      user: INVENTORY_USER,
    });
    const refusal = action.handler(foreign);
    await expect(refusal).rejects.toThrow(NotAllowedError);
    await expect(refusal).rejects.toThrow(
      'order-service-config is held by group:default/fulfillment-team (workload order-service)',
    );
    expect(apiserver.requests.filter(r => r.method === 'PATCH')).toEqual([]);
    const owning = createTestActionContext({
      input: input(OWNER),
      user: FULFILLMENT_USER,
    });
    await action.handler(owning);
    expect(apiserver.stored.size).toBe(1);
    // inventory-team's member cannot apply as fulfillment-team either
    const pretending = createTestActionContext({
      input: input(OWNER),
      user: INVENTORY_USER,
    });
    await expect(action.handler(pretending)).rejects.toThrow(
      /owner: user:default\/ivan is not a member of group:default\/fulfillment-team/,
    );
  });
});
