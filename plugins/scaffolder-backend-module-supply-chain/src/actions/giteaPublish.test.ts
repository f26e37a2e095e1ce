import { createTestActionContext } from './__testUtils__/mockActionContext';
import { configWithPolicy } from './__testUtils__/policy';
import { createGiteaPublishAction, parseGiteaRepoUrl } from './giteaPublish';

const config = configWithPolicy(
  {
    integrations: {
      gitea: [
        {
          host: 'git.example.com:3000',
          baseUrl: 'http://git.example.com:3000',
          username: 'portal',
          password: 'token-1',
        },
        { host: 'no-token.example.com' },
      ],
    },
  },
  { gitopsRepoUrl: 'http://git.example.com:3000/platform/gitops.git' },
);

describe('supply-chain:gitea:publish', () => {
  const action = createGiteaPublishAction({ config });

  it('reads owner and repository from the RepoUrlPicker value', () => {
    expect(
      parseGiteaRepoUrl(
        'git.example.com:3000?owner=supply-chain&repo=returns-service',
      ),
    ).toEqual({
      host: 'git.example.com:3000',
      owner: 'supply-chain',
      repo: 'returns-service',
    });
  });

  it.each([
    ['git.example.com:3000?repo=returns-service', /repoUrl: the owner/],
    ['git.example.com:3000?owner=supply-chain', /repoUrl: the repository name/],
    ['git.example.com:3000?owner=&repo=x', /repoUrl: the owner/],
    ['git.example.com:3000?owner=a&repo=../x', /repoUrl: the repository name/],
  ])('names repoUrl when %s is incomplete', async (repoUrl, message) => {
    await expect(
      action.handler(createTestActionContext({ input: { repoUrl } })),
    ).rejects.toThrow(message);
  });

  it('names repoUrl when the host has no Gitea integration or no token', async () => {
    await expect(
      action.handler(
        createTestActionContext({
          input: { repoUrl: 'github.com?owner=a&repo=b' },
        }),
      ),
    ).rejects.toThrow(
      /repoUrl: no integrations.gitea entry for host github.com/,
    );
    await expect(
      action.handler(
        createTestActionContext({
          input: { repoUrl: 'no-token.example.com?owner=a&repo=b' },
        }),
      ),
    ).rejects.toThrow(/has no password \(API token\)/);
  });

  it('in a dry run reports the URLs without calling the server', async () => {
    const fetchSpy = jest.spyOn(global, 'fetch');
    const ctx = createTestActionContext({
      input: {
        repoUrl: 'git.example.com:3000?owner=supply-chain&repo=returns-service',
      },
      isDryRun: true,
    });
    await action.handler(ctx);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(ctx.outputs).toEqual({
      remoteUrl: 'http://git.example.com:3000/supply-chain/returns-service.git',
      repoContentsUrl:
        'http://git.example.com:3000/supply-chain/returns-service/src/branch/main/',
      commitHash: '',
    });
    fetchSpy.mockRestore();
  });

  it.each([
    [
      'an organization not allowed',
      'git.example.com:3000?owner=payments&repo=x',
      /repoUrl: new repositories may be created only in supply-chain, platform on git.example.com:3000 \(supplyChain.scaffolder.gitea.allowedOwners\), not in payments/,
    ],
    [
      'the GitOps repository',
      'git.example.com:3000?owner=platform&repo=gitops',
      /repoUrl: platform\/gitops is the GitOps repository/,
    ],
  ])('refuses %s, even in a dry run', async (_, repoUrl, message) => {
    const fetchSpy = jest.spyOn(global, 'fetch');
    await expect(
      action.handler(
        createTestActionContext({ input: { repoUrl }, isDryRun: true }),
      ),
    ).rejects.toThrow(message);
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });
});
