import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { createTestCatalog } from './__testUtils__/catalog';
import { commitToRepo, catalogInfo } from './__testUtils__/gitRepository';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { INVENTORY_USER, startTestTargets } from './__testUtils__/policy';
import { createServiceManifestsAction } from './serviceManifests';

const baseInput = {
  name: 'returns-service',
  owner: 'group:default/fulfillment-team',
  system: 'system:default/order-fulfillment',
  dependencies: [
    'component:default/inventory-service',
    'resource:default/returns-db',
  ],
  database: true,
  gitops: { repoUrl: '' },
};

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('supply-chain:service:manifests', () => {
  let targets: Awaited<ReturnType<typeof startTestTargets>>;
  let action: ReturnType<typeof createServiceManifestsAction>;
  beforeAll(async () => {
    const catalog = createTestCatalog([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'inventory-team', namespace: 'default' },
        spec: { type: 'team', children: [] },
      },
    ]);
    targets = await startTestTargets(catalog);
    baseInput.gitops.repoUrl = targets.gitops.url;
    action = createServiceManifestsAction({ catalog, guard: targets.guard });
  });
  afterAll(() => targets.close());

  it('allows the components that depend on the service, by their service accounts', async () => {
    const ctx = createTestActionContext({ input: baseInput });
    await action.handler(ctx);

    expect(ctx.outputs.callers).toEqual([
      'component:default/ml-prediction-service',
      'component:default/order-service',
    ]);
    expect(ctx.outputs.allowedPrincipals).toEqual([
      'cluster.local/ns/supply-chain/sa/ml-prediction-service-sa',
      'cluster.local/ns/supply-chain/sa/order-service-sa',
    ]);
    const [policy] = parseYamlDocuments(
      fs.readFileSync(
        path.join(ctx.workspacePath, 'k8s/base/authorizationpolicy.yaml'),
        'utf8',
      ),
    ) as any[];
    expect(policy.spec.rules[0].from[0].source.principals).toEqual(
      ctx.outputs.allowedPrincipals,
    );
    expect(ctx.outputs.productionPath).toBe('k8s/overlays/production');
    expect(ctx.outputs.gitopsPath).toBe('apps/returns-service');
    expect(ctx.outputs.argocdApplicationName).toBe('returns-service');
    expect(listFiles(ctx.workspacePath)).toContain(
      'k8s/base/externalsecret.yaml',
    );
  });

  it('writes the same bytes twice and replays the catalog lookup of the first run on a retry', async () => {
    const first = createTestActionContext({ input: baseInput });
    await action.handler(first);
    const retryCatalogAction = createServiceManifestsAction({
      guard: targets.guard,
      // by the retry, a new caller appeared in the catalog
      catalog: createTestCatalog([
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'late-caller', namespace: 'default' },
          spec: {
            type: 'service',
            owner: 'group:default/ml-team',
            lifecycle: 'experimental',
          },
          relations: [
            {
              type: 'dependsOn',
              targetRef: 'component:default/returns-service',
            },
          ],
        },
      ]),
    });
    const retry = createTestActionContext({
      input: baseInput,
      workspacePath: first.workspacePath,
      checkpoints: first.checkpoints,
    });
    const before = listFiles(first.workspacePath).map(f =>
      fs.readFileSync(path.join(first.workspacePath, f), 'utf8'),
    );
    await retryCatalogAction.handler(retry);
    const after = listFiles(first.workspacePath).map(f =>
      fs.readFileSync(path.join(first.workspacePath, f), 'utf8'),
    );
    expect(after).toEqual(before);
    expect(retry.outputs.callers).toEqual(first.outputs.callers);
    // no staging folders left behind
    expect(fs.readdirSync(first.workspacePath)).toEqual(['k8s']);
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    [
      'an invalid name',
      { name: 'Returns Service' },
      'name: name must be lower-case letters',
    ],
    [
      'an owner not in the catalog',
      { owner: 'group:default/ghost-team' },
      'owner: group:default/ghost-team is not in the catalog',
    ],
    [
      'an owner that is not a group or user',
      { owner: 'component:default/order-service' },
      'owner: component:default/order-service is a Component, expected group or user',
    ],
    [
      'a dependency not in the catalog',
      {
        dependencies: [
          'component:default/inventory-service',
          'component:default/nowhere',
        ],
      },
      'dependencies[1]: component:default/nowhere is not in the catalog',
    ],
    [
      'a duplicate service name',
      { name: 'order-service' },
      'name: component:default/order-service already exists in the catalog',
    ],
    [
      'a reserved name',
      { name: 'kubernetes' },
      "name: name 'kubernetes' is reserved",
    ],
    [
      'clashing ports',
      { grpc: true, grpcPort: 8080 },
      'grpcPort: grpcPort 8080 clashes with httpPort',
    ],
    [
      'a GitOps URL with an empty segment',
      { gitops: { repoUrl: 'https://github.com//returns' } },
      'gitops.repoUrl',
    ],
    [
      'another GitOps repository',
      { gitops: { repoUrl: 'https://git.example.com/other/gitops.git' } },
      'gitops.repoUrl: https://git.example.com/other/gitops.git is not the GitOps repository',
    ],
    [
      'another GitOps folder',
      { gitops: { repoUrl: '', path: 'apps/order-service' } },
      'gitops.path: a service lives in apps/returns-service',
    ],
    [
      'another Argo CD project',
      { gitops: { repoUrl: '', project: 'platform' } },
      'gitops.project: must be default',
    ],
    [
      'another cluster',
      { gitops: { repoUrl: '', destinationServer: 'https://10.0.0.1:6443' } },
      'gitops.destinationServer: https://10.0.0.1:6443 is not the Argo CD destination',
    ],
    [
      'a namespace not allowed',
      { namespace: 'kube-system' },
      'namespace: group:default/fulfillment-team may not deploy to namespace kube-system',
    ],
    [
      'a target outside the workspace',
      { targetPath: '../elsewhere' },
      "targetPath: '../elsewhere' points outside the workspace",
    ],
  ];

  it.each(refused)(
    'refuses %s with an InputError naming the field, writing nothing',
    async (_, overrides, message) => {
      const input: Record<string, any> = { ...baseInput, ...overrides };
      if (input.gitops.repoUrl === '') {
        input.gitops = { ...input.gitops, repoUrl: targets.gitops.url };
      }
      const ctx = createTestActionContext({ input });
      const result = action.handler(ctx);
      await expect(result).rejects.toThrow(InputError);
      await expect(result).rejects.toThrow(message);
      expect(listFiles(ctx.workspacePath)).toEqual([]);
      expect(ctx.outputs).toEqual({});
    },
  );

  it('regenerates for an existing component when asked to', async () => {
    const ctx = createTestActionContext({
      input: {
        ...baseInput,
        name: 'inventory-service',
        allowExistingComponent: true,
        dependencies: [],
      },
    });
    await action.handler(ctx);
    expect(ctx.outputs.callers).toEqual(['component:default/order-service']);
  });

  it('runs the same way in a dry run (no external side effects to skip)', async () => {
    const ctx = createTestActionContext({ input: baseInput, isDryRun: true });
    await action.handler(ctx);
    expect((ctx.outputs.files as string[]).length).toBe(14);
  });

  it('refuses, before writing anything, an owner the user is not a member of and a name another team holds', async () => {
    const notMember = createTestActionContext({
      input: baseInput,
      user: INVENTORY_USER,
    });
    await expect(action.handler(notMember)).rejects.toThrow(NotAllowedError);
    await expect(action.handler(notMember)).rejects.toThrow(
      'owner: user:default/ivan is not a member of group:default/fulfillment-team',
    );
    const held = createTestActionContext({
      input: {
        ...baseInput,
        name: 'order-service',
        owner: 'group:default/inventory-team',
        dependencies: [],
      },
      user: INVENTORY_USER,
    });
    await expect(action.handler(held)).rejects.toThrow(
      'name: order-service is held by group:default/fulfillment-team (catalog component:default/order-service)',
    );
    commitToRepo(targets.gitops, {
      'apps/parcel-service/catalog-info.yaml': catalogInfo('parcel-service'),
    });
    const folder = createTestActionContext({
      input: {
        ...baseInput,
        name: 'parcel-service',
        owner: 'group:default/inventory-team',
        dependencies: [],
      },
      user: INVENTORY_USER,
    });
    await expect(action.handler(folder)).rejects.toThrow(
      'name: parcel-service is held by group:default/fulfillment-team (GitOps folder apps/parcel-service)',
    );
    for (const ctx of [notMember, held, folder]) {
      expect(listFiles(ctx.workspacePath)).toEqual([]);
    }
  });

  it('refuses a name held by a Deployment of another team', async () => {
    const cluster = targets.apiserver.stored;
    cluster.set(
      '/apis/apps/v1/namespaces/supply-chain/deployments/pick-service',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'pick-service',
          namespace: 'supply-chain',
          labels: { 'backstage.io/kubernetes-id': 'order-service' },
        },
      },
    );
    const ctx = createTestActionContext({
      input: {
        ...baseInput,
        name: 'pick-service',
        owner: 'group:default/inventory-team',
        dependencies: [],
      },
      user: INVENTORY_USER,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'name: pick-service is held by group:default/fulfillment-team (Deployment supply-chain/pick-service)',
    );
    cluster.clear();
  });
});
