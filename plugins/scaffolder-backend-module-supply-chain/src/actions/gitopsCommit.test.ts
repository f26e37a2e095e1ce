import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  catalogInfo,
  commitToRepo,
  createBareRepo,
  git,
  workspaceWithManifests,
} from './__testUtils__/gitRepository';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import {
  configWithPolicy,
  FULFILLMENT_USER,
  INVENTORY_USER,
} from './__testUtils__/policy';
import { createGitopsCommitAction } from './gitopsCommit';

// real git clones and pushes: seconds each on a loaded CI machine
jest.setTimeout(30_000);

describe('supply-chain:gitops:commit', () => {
  const actionFor = (repo: { url: string }) =>
    createGitopsCommitAction({
      config: configWithPolicy({}, { gitopsRepoUrl: repo.url }),
    });

  it('pushes one commit with the folder, then nothing when run again', async () => {
    const repo = createBareRepo();
    const action = actionFor(repo);
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
    const action = actionFor(repo);
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
      'another repository than the configured one',
      { repoUrl: 'file:///nonexistent/gitops.git' },
      /repoUrl: file:\/\/\/nonexistent\/gitops.git is not the GitOps repository/,
    ],
    [
      'a folder outside apps/ and models/',
      { targetPath: 'docs' },
      /targetPath: 'docs' is not a folder the scaffolder may write/,
    ],
    [
      'a nested folder of apps/',
      { targetPath: 'apps/returns-service/base' },
      /targetPath: .* only apps\/<name> or models\/<name>/,
    ],
    [
      'another branch',
      { branch: 'release' },
      /branch: the scaffolder commits to main/,
    ],
  ];
  it.each(refused)(
    'refuses %s with an InputError',
    async (_, overrides, message) => {
      const repo = createBareRepo();
      const action = actionFor(repo);
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

  it('refuses everything when no GitOps repository is configured (a fresh install)', async () => {
    const repo = createBareRepo();
    const action = createGitopsCommitAction({ config: new ConfigReader({}) });
    const ctx = createTestActionContext({
      input: {
        repoUrl: repo.url,
        sourcePath: 'k8s',
        targetPath: 'apps/returns-service',
        commitMessage: 'x',
      },
      workspacePath: workspaceWithManifests(),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /repoUrl: no GitOps repository is configured/,
    );
  });

  const badCatalogInfo: Array<[string, string | null, RegExp]> = [
    ['no catalog-info.yaml', null, /catalog-info.yaml is missing/],
    [
      'an entity of another name',
      catalogInfo('order-service'),
      /the entity must be named returns-service/,
    ],
    [
      'a claim on another workload',
      catalogInfo('returns-service', 'group:default/fulfillment-team', {
        'backstage.io/kubernetes-id': 'order-service',
      }),
      /backstage.io\/kubernetes-id must be returns-service/,
    ],
    [
      'a label-selector claim',
      catalogInfo('returns-service', 'group:default/fulfillment-team', {
        'backstage.io/kubernetes-label-selector': 'app=order-service',
      }),
      /kubernetes-label-selector is not allowed/,
    ],
  ];
  it.each(badCatalogInfo)(
    'refuses a folder whose catalog-info.yaml has %s',
    async (_, yamlText, message) => {
      const repo = createBareRepo();
      const ctx = createTestActionContext({
        input: {
          repoUrl: repo.url,
          sourcePath: 'k8s',
          targetPath: 'apps/returns-service',
          commitMessage: 'x',
        },
        workspacePath: workspaceWithManifests(yamlText),
      });
      await expect(actionFor(repo).handler(ctx)).rejects.toThrow(message);
      expect(
        git(repo.root, '--git-dir', repo.bare, 'log', '--format=%s', 'main'),
      ).toBe('initial');
    },
  );

  it("refuses an owner the user is not a member of, and another team's folder; the same team may re-run", async () => {
    const repo = createBareRepo();
    const action = actionFor(repo);
    const input = {
      repoUrl: repo.url,
      sourcePath: 'k8s',
      targetPath: 'apps/returns-service',
      commitMessage: 'x',
    };
    // inventory-team's member cannot write a folder owned by fulfillment-team
    const foreignOwner = createTestActionContext({
      input,
      workspacePath: workspaceWithManifests(),
      user: INVENTORY_USER,
    });
    const refusal = action.handler(foreignOwner);
    await expect(refusal).rejects.toThrow(NotAllowedError);
    await expect(refusal).rejects.toThrow(
      /spec.owner: user:default\/ivan is not a member of group:default\/fulfillment-team/,
    );
    // fulfillment-team holds the folder
    commitToRepo(repo, {
      'apps/returns-service/catalog-info.yaml': catalogInfo(),
    });
    const takeOver = createTestActionContext({
      input,
      workspacePath: workspaceWithManifests(
        catalogInfo('returns-service', 'group:default/inventory-team'),
      ),
      user: INVENTORY_USER,
    });
    await expect(action.handler(takeOver)).rejects.toThrow(
      'name: returns-service is held by group:default/fulfillment-team (GitOps folder apps/returns-service)',
    );
    const again = createTestActionContext({
      input,
      workspacePath: workspaceWithManifests(),
      user: FULFILLMENT_USER,
    });
    await action.handler(again);
    expect(again.outputs.changed).toBe(true);
  });

  it('refuses a task without a signed-in user', async () => {
    const repo = createBareRepo();
    const ctx = createTestActionContext({
      input: {
        repoUrl: repo.url,
        sourcePath: 'k8s',
        targetPath: 'apps/returns-service',
        commitMessage: 'x',
      },
      workspacePath: workspaceWithManifests(),
      user: null,
    });
    await expect(actionFor(repo).handler(ctx)).rejects.toThrow(
      /run only for a signed-in user/,
    );
  });
});
