import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { validateManifestSet } from '../rendering/manifestValidation';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { createTestCatalog } from './__testUtils__/catalog';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { startTestTargets } from './__testUtils__/policy';
import { createServiceManifestsAction } from './serviceManifests';
import { examples } from './serviceManifests.examples';

describe('supply-chain:service:manifests examples', () => {
  const inventoryTeam = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'inventory-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
  let targets: Awaited<ReturnType<typeof startTestTargets>>;
  let action: ReturnType<typeof createServiceManifestsAction>;
  beforeAll(async () => {
    const catalog = createTestCatalog([inventoryTeam]);
    targets = await startTestTargets(catalog);
    action = createServiceManifestsAction({ catalog, guard: targets.guard });
  });
  afterAll(() => targets.close());

  it.each(examples.map((e, i) => [i, e.description, e] as const))(
    'example %i (%s) runs and writes valid manifests',
    async (_, __, example) => {
      const input = yaml.parse(example.example).steps[0].input;
      // the examples' GitOps URL is a remote server; a local bare repository instead
      if (input.gitops) input.gitops.repoUrl = targets.gitops.url;
      const ctx = createTestActionContext({ input });
      await action.handler(ctx);

      const files = ctx.outputs.files as string[];
      expect(files.length).toBeGreaterThanOrEqual(2);
      const objects = files
        .filter(f => !f.endsWith('kustomization.yaml'))
        .flatMap(f =>
          parseYamlDocuments(
            fs.readFileSync(path.join(ctx.workspacePath, f), 'utf8'),
          ),
        );
      expect(validateManifestSet(objects)).toEqual([]);
      expect(objects.map((o: any) => o.metadata.name)).toContain(input.name);
      expect(ctx.outputs.targetPath).toBe(input.targetPath ?? 'k8s');
    },
  );
});
