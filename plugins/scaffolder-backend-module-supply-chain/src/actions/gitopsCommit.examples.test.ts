import yaml from 'yaml';
import {
  createBareRepo,
  git,
  workspaceWithManifests,
} from './__testUtils__/gitRepository';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { configWithPolicy } from './__testUtils__/policy';
import { createGitopsCommitAction } from './gitopsCommit';
import { examples } from './gitopsCommit.examples';

describe('supply-chain:gitops:commit examples', () => {
  it.each(examples.map((e, i) => [i, e.description, e] as const))(
    'example %i (%s) publishes to a real repository',
    async (_, __, example) => {
      const repo = createBareRepo();
      const action = createGitopsCommitAction({
        config: configWithPolicy({}, { gitopsRepoUrl: repo.url }),
      });
      // the example's URL points at a remote server; publish to a local bare repository instead
      const input = {
        ...yaml.parse(example.example).steps[0].input,
        repoUrl: repo.url,
      };
      const ctx = createTestActionContext({
        input,
        workspacePath: workspaceWithManifests(),
      });
      await action.handler(ctx);
      expect(ctx.outputs.changed).toBe(true);
      expect(
        git(
          repo.root,
          '--git-dir',
          repo.bare,
          'ls-tree',
          '-r',
          '--name-only',
          'main',
        ),
      ).toContain(`${input.targetPath}/base/deployment.yaml`);
    },
  );
});
