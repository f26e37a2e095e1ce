import fs from 'node:fs';
import path from 'node:path';
import {
  catalogInfo,
  workspaceWithManifests,
} from '../actions/__testUtils__/gitRepository';
import { createTestActionContext } from '../actions/__testUtils__/mockActionContext';
import { configWithPolicy } from '../actions/__testUtils__/policy';
import { createGiteaPublishAction } from '../actions/giteaPublish';
import { createGitopsCommitAction } from '../actions/gitopsCommit';

jest.setTimeout(120_000);

/**
 * Against the sandbox's real Gitea (SANDBOX_GIT_* from <state>/env.sh), with
 * the portal's token: publishing creates the repository and pushes the
 * workspace; a name that already holds commits is refused, naming repoUrl; an
 * empty repository left by a failed attempt is reused; the GitOps commit
 * action pushes over http with the integration's credentials.
 */
describe('supply-chain:gitea:publish and gitops:commit on the sandbox Gitea', () => {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) {
      throw new Error(
        `${name} is not set: source the sandbox's env.sh (eval "$(make -s sandbox)") first`,
      );
    }
    return value;
  };
  const org = 'supply-chain';
  const repo = `it-publish-${process.pid}-${Date.now() % 100000}`;

  const config = (gitopsRepoUrl?: string) =>
    configWithPolicy(
      {
        integrations: {
          gitea: [
            {
              host: env('SANDBOX_GIT_HOST'),
              baseUrl: env('SANDBOX_GIT_URL'),
              username: env('SANDBOX_GIT_USER'),
              password: env('SANDBOX_GIT_TOKEN'),
            },
          ],
        },
      },
      { gitopsRepoUrl },
    );
  const api = (method: string, p: string, body?: unknown) =>
    fetch(`${env('SANDBOX_GIT_URL')}/api/v1${p}`, {
      method,
      headers: {
        Authorization: `token ${env('SANDBOX_GIT_TOKEN')}`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  afterAll(async () => {
    if (process.env.SANDBOX_GIT_URL) {
      await api('DELETE', `/repos/${org}/${repo}`);
      await api('DELETE', `/repos/${org}/${repo}-empty`);
    }
  });

  it('creates the repository and pushes the workspace; the same name again is refused', async () => {
    const action = createGiteaPublishAction({ config: config() });
    const workspace = workspaceWithManifests();
    fs.writeFileSync(
      path.join(workspace, 'catalog-info.yaml'),
      'kind: Component\n',
    );
    const ctx = createTestActionContext({
      input: {
        repoUrl: `${env('SANDBOX_GIT_HOST')}?owner=${org}&repo=${repo}`,
        description: 'integration test',
      },
      workspacePath: workspace,
    });
    await action.handler(ctx);
    expect(ctx.outputs.remoteUrl).toBe(
      `${env('SANDBOX_GIT_URL')}/${org}/${repo}.git`,
    );
    expect(ctx.outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    const file = await api(
      'GET',
      `/repos/${org}/${repo}/contents/catalog-info.yaml?ref=main`,
    );
    expect(`${file.status} ${await file.text()}`).toMatch(/^200 /);
    const created = await (await api('GET', `/repos/${org}/${repo}`)).json();
    expect(created).toMatchObject({ private: true, default_branch: 'main' });

    const again = createTestActionContext({
      input: {
        repoUrl: `${env('SANDBOX_GIT_HOST')}?owner=${org}&repo=${repo}`,
      },
      workspacePath: workspace,
    });
    await expect(action.handler(again)).rejects.toThrow(
      `repoUrl: ${org}/${repo} already exists on ${env(
        'SANDBOX_GIT_HOST',
      )} and holds commits`,
    );
  });

  it('reuses an empty repository an earlier, failed attempt left behind', async () => {
    const name = `${repo}-empty`;
    expect(
      (await api('POST', `/orgs/${org}/repos`, { name, private: true })).status,
    ).toBe(201);
    const ctx = createTestActionContext({
      input: {
        repoUrl: `${env('SANDBOX_GIT_HOST')}?owner=${org}&repo=${name}`,
      },
      workspacePath: workspaceWithManifests(),
    });
    await createGiteaPublishAction({ config: config() }).handler(ctx);
    expect(ctx.outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gitops:commit pushes to a Gitea repository over http with the integration credentials', async () => {
    const ctx = createTestActionContext({
      input: {
        repoUrl: `${env('SANDBOX_GIT_URL')}/${org}/${repo}.git`,
        sourcePath: 'k8s',
        targetPath: 'apps/it-service',
        commitMessage: 'it-service: integration test',
      },
      workspacePath: workspaceWithManifests(catalogInfo('it-service')),
    });
    // the repository of this test stands in for the configured GitOps repository
    await createGitopsCommitAction({
      config: config(`${env('SANDBOX_GIT_URL')}/${org}/${repo}.git`),
    }).handler(ctx);
    expect(ctx.outputs.changed).toBe(true);
    const listed = await api(
      'GET',
      `/repos/${org}/${repo}/contents/apps/it-service?ref=main`,
    );
    expect(listed.status).toBe(200);
  });
});
