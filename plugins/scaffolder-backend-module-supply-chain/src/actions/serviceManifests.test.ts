import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { createTestCatalog } from './__testUtils__/catalog';
import { createTestActionContext } from './__testUtils__/mockActionContext';
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
  gitops: { repoUrl: 'https://git.example.com/platform/gitops.git' },
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
  const action = createServiceManifestsAction({ catalog: createTestCatalog() });

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
      'a target outside the workspace',
      { targetPath: '../elsewhere' },
      "targetPath: '../elsewhere' points outside the workspace",
    ],
  ];

  it.each(refused)(
    'refuses %s with an InputError naming the field, writing nothing',
    async (_, overrides, message) => {
      const ctx = createTestActionContext({
        input: { ...baseInput, ...overrides },
      });
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
});
