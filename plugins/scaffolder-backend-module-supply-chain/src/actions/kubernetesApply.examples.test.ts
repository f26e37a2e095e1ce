import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec } from '../rendering/serviceSpec';
import { startFakeApiserver } from './__testUtils__/fakeApiserver';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { configWithPolicy } from './__testUtils__/policy';
import { createKubernetesApplyAction } from './kubernetesApply';
import { examples } from './kubernetesApply.examples';

describe('supply-chain:kubernetes:apply examples', () => {
  it.each(examples.map((e, i) => [i, e.description, e] as const))(
    'example %i (%s) runs',
    async (_, __, example) => {
      const apiserver = await startFakeApiserver({ token: 't' });
      try {
        const action = createKubernetesApplyAction({
          config: configWithPolicy(
            {},
            { clusters: [{ name: 'sandbox', url: apiserver.url, token: 't' }] },
          ),
        });
        const input = yaml.parse(example.example).steps[0].input;
        const ctx = createTestActionContext({ input });
        const rendered = renderServiceManifests(
          parseServiceSpec({
            name: 'returns-service',
            owner: 'group:default/x',
            include: { argocdApplication: false },
          }),
        );
        for (const f of rendered.files) {
          fs.mkdirSync(
            path.dirname(path.join(ctx.workspacePath, 'k8s', f.path)),
            { recursive: true },
          );
          fs.writeFileSync(
            path.join(ctx.workspacePath, 'k8s', f.path),
            f.content,
          );
        }
        await action.handler(ctx);
        expect((ctx.outputs.applied as string[]).length).toBeGreaterThan(0);
        expect(ctx.outputs.dryRun).toBe(Boolean(input.dryRun));
      } finally {
        await apiserver.close();
      }
    },
  );
});
