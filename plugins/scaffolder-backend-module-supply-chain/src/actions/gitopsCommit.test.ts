import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  createBareRepo,
  git,
  workspaceWithManifests,
} from './__testUtils__/gitRepository';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { createGitopsCommitAction } from './gitopsCommit';

describe('supply-chain:gitops:commit', () => {
  const action = createGitopsCommitAction({ config: new ConfigReader({}) });

  it('pushes one commit with the folder, then nothing when run again', async () => {
    const repo = createBareRepo();
    const input = {
      repoUrl: repo.url,
      sourcePath: 'k8s',
      targetPath: 'apps/returns-service',
      commitMessage: 'returns-service: manifests',
    };
    const first = createTestActionContext({
      input,
      workspacePath: workspaceWithManifests(),
    });
    await action.handler(first);
    expect(first.outputs.changed).toBe(true);
    expect(git(repo.root, '--git-dir', repo.bare, 'rev-parse', 'main')).toBe(
      first.outputs.commit,
    );
    expect(
      git(
        repo.root,
        '--git-dir',
        repo.bare,
        'show',
        'main:apps/returns-service/base/deployment.yaml',
      ),
    ).toContain('returns-service');
    expect(
      git(repo.root, '--git-dir', repo.bare, 'log', '--format=%s', 'main'),
    ).toBe('returns-service: manifests\ninitial');

    const second = createTestActionContext({
      input,
      workspacePath: first.workspacePath,
    });
    await action.handler(second);
    expect(second.outputs).toEqual({
      commit: first.outputs.commit,
      changed: false,
    });
    // other services' folders are untouched
    expect(
      git(
        repo.root,
        '--git-dir',
        repo.bare,
        'show',
        'main:apps/order-service/deployment.yaml',
      ),
    ).toBe('kind: Deployment');
  });

  it('does not push in a dry run', async () => {
    const repo = createBareRepo();
    const before = git(repo.root, '--git-dir', repo.bare, 'rev-parse', 'main');
    const ctx = createTestActionContext({
      input: {
        repoUrl: repo.url,
        sourcePath: 'k8s',
        targetPath: 'apps/returns-service',
        commitMessage: 'x',
      },
      workspacePath: workspaceWithManifests(),
      isDryRun: true,
    });
    await action.handler(ctx);
    expect(ctx.outputs.changed).toBe(true);
    expect(git(repo.root, '--git-dir', repo.bare, 'rev-parse', 'main')).toBe(
      before,
    );
  });

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'an unbound owner in the URL',
      { repoUrl: 'https://github.com//gitops' },
      /repoUrl: repoUrl has an empty path segment/,
    ],
    [
      'a target with an empty segment',
      { targetPath: 'apps//returns' },
      /targetPath: targetPath must be a relative folder/,
    ],
    [
      'a missing source folder',
      { sourcePath: 'nope' },
      /sourcePath: nope is not a folder in the workspace/,
    ],
    [
      'a repository that does not exist',
      { repoUrl: 'file:///nonexistent/gitops.git' },
      /repoUrl: cannot clone file:\/\/\/nonexistent\/gitops.git/,
    ],
  ];
  it.each(refused)(
    'refuses %s with an InputError',
    async (_, overrides, message) => {
      const repo = createBareRepo();
      const ctx = createTestActionContext({
        input: {
          repoUrl: repo.url,
          sourcePath: 'k8s',
          targetPath: 'apps/returns-service',
          commitMessage: 'x',
          ...overrides,
        },
        workspacePath: workspaceWithManifests(),
      });
      const run = action.handler(ctx);
      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(message);
      expect(
        git(repo.root, '--git-dir', repo.bare, 'log', '--format=%s', 'main'),
      ).toBe('initial');
    },
  );
});
