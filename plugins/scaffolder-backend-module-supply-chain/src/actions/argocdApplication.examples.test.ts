import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec } from '../rendering/serviceSpec';
import { startFakeArgoCd } from './__testUtils__/fakeArgoCd';
import { createBareRepo } from './__testUtils__/gitRepository';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { configWithPolicy } from './__testUtils__/policy';
import { createArgoCdApplicationAction } from './argocdApplication';
import { examples } from './argocdApplication.examples';

describe('supply-chain:argocd:application:create examples', () => {
  it.each(examples.map((e, i) => [i, e.description, e] as const))(
    'example %i (%s) creates the application',
    async (_, __, example) => {
      const gitops = createBareRepo();
      const argocd = await startFakeArgoCd({
        username: 'admin',
        password: 'pw',
      });
      try {
        const action = createArgoCdApplicationAction({
          config: configWithPolicy(
            {
              argocd: {
                appLocatorMethods: [
                  {
                    type: 'config',
                    instances: [
                      {
                        name: 'sandbox',
                        url: argocd.url,
                        username: 'admin',
                        password: 'pw',
                      },
                    ],
                  },
                ],
              },
            },
            { gitopsRepoUrl: gitops.url },
          ),
        });
        // the examples' GitOps URL is a remote server; a local bare repository instead
        const input = yaml.parse(example.example).steps[0].input;
        if (input.application) {
          input.application.spec.source.repoURL = gitops.url;
        }
        const ctx = createTestActionContext({ input });
        const rendered = renderServiceManifests(
          parseServiceSpec({
            name: 'returns-service',
            owner: 'group:default/x',
            gitops: { repoUrl: gitops.url },
          }),
        );
        const app = rendered.files.find(
          f => f.path === 'argocd/application.yaml',
        )!;
        fs.mkdirSync(path.join(ctx.workspacePath, 'k8s/argocd'), {
          recursive: true,
        });
        fs.writeFileSync(
          path.join(ctx.workspacePath, 'k8s', app.path),
          app.content,
        );
        await action.handler(ctx);
        expect(ctx.outputs.status).toBe('created');
        expect(argocd.apps.has('returns-service')).toBe(true);
      } finally {
        await argocd.close();
      }
    },
  );
});
