import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec } from '../rendering/serviceSpec';
import { startFakeApiserver } from './__testUtils__/fakeApiserver';
import { createTestActionContext } from './__testUtils__/mockActionContext';
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
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              { name: 'sandbox', url, serviceAccountToken: 'read-only' },
            ],
          },
        ],
      },
      supplyChain: {
        scaffolder: { clusters: [{ name: 'sandbox', url, token }] },
      },
    });

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
      input: { cluster: 'sandbox', path: 'k8s/base' },
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
        input: { cluster: 'sandbox', path: 'k8s/base', dryRun: true },
      }),
      createTestActionContext({
        input: { cluster: 'sandbox', path: 'k8s/base' },
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
        namespace: 'supply-chain',
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'fine' },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'broken' },
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
      namespace: 'supply-chain',
      manifests: [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'returns-service-sa' },
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
      { cluster: 'prod', manifests: [{}] },
      /cluster: 'prod' is not configured \(known: sandbox\)/,
      InputError,
    ],
    [
      'both path and manifests',
      { cluster: 'sandbox', path: 'k8s', manifests: [{}] },
      /path: give exactly one of path or manifests/,
      InputError,
    ],
    [
      'a path outside the workspace',
      { cluster: 'sandbox', path: '../../etc' },
      /path: '..\/..\/etc' points outside the workspace/,
      InputError,
    ],
    [
      'an object without a kind',
      {
        cluster: 'sandbox',
        manifests: [{ apiVersion: 'v1', metadata: { name: 'x' } }],
      },
      /manifests\[0\]: not a Kubernetes object \(kind: Required\)/,
      InputError,
    ],
    [
      'a kind the cluster does not serve',
      {
        cluster: 'sandbox',
        namespace: 'supply-chain',
        manifests: [
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: 'x' },
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
        namespace: 'supply-chain',
        dryRun: true,
        ignoreUnservedKinds: true,
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'returns-service-sa' },
          },
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: 'db' },
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
        namespace: 'supply-chain',
        manifests: [
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x' } },
        ],
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
  });
});
