import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  getGiteaRequestOptions,
  GiteaIntegrationConfig,
  ScmIntegrations,
} from '@backstage/integration';
import {
  createTemplateAction,
  getRepoSourceDirectory,
  initRepoAndPush,
} from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { parseInput } from '@supply-chain/portal-common';
import { normalizeRepoUrl } from '../policy/targetPolicy';
import { TargetGuard } from '../policy/TargetGuard';
import { examples } from './giteaPublish.examples';

const segment = /^[A-Za-z0-9][\w.-]*$/;

const fields = {
  repoUrl: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .describe(
        'Repository location as the RepoUrlPicker writes it: <host>?owner=<org>&repo=<name>',
      ),
  description: (zImpl: typeof z) =>
    zImpl.string().max(2048).default('').describe('Repository description'),
  defaultBranch: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        /^[\w][\w./-]*$/,
        'defaultBranch must be a branch name such as main',
      )
      .default('main'),
  repoVisibility: (zImpl: typeof z) =>
    zImpl.enum(['private', 'public']).default('private'),
  sourcePath: (zImpl: typeof z) =>
    zImpl
      .string()
      .optional()
      .describe('Workspace folder to publish; default the whole workspace'),
  gitCommitMessage: (zImpl: typeof z) =>
    zImpl.string().min(1).max(500).default('Initial commit'),
};

const inputSchema = z.object(
  Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f(z)])) as {
    [K in keyof typeof fields]: ReturnType<(typeof fields)[K]>;
  },
);

/** Parses `<host>?owner=<owner>&repo=<repo>` and names the part that is wrong. */
export function parseGiteaRepoUrl(repoUrl: string) {
  let url: URL;
  try {
    url = new URL(`https://${repoUrl}`);
  } catch {
    throw new InputError(
      `repoUrl: '${repoUrl}' is not <host>?owner=<organization>&repo=<name>`,
    );
  }
  const owner = url.searchParams.get('owner') ?? '';
  const repo = url.searchParams.get('repo') ?? '';
  if (!segment.test(owner)) {
    throw new InputError(
      `repoUrl: the owner (organization) is missing or invalid in '${repoUrl}'`,
    );
  }
  if (!segment.test(repo)) {
    throw new InputError(
      `repoUrl: the repository name is missing or invalid in '${repoUrl}'`,
    );
  }
  return { host: url.host, owner, repo };
}

/**
 * `supply-chain:gitea:publish`: creates a repository in a Gitea organization
 * (or the token's user) and pushes the workspace to it, using the
 * `integrations.gitea` entry of the repository's host for the API and git.
 *
 * Stands in for `publish:gitea` of `@backstage/plugin-scaffolder-backend-module-gitea`,
 * whose newest release still depends on `@backstage/plugin-scaffolder-node` 0.x
 * (a second copy next to this release's 1.x).
 *
 * A repository left empty by an earlier, failed attempt is reused, so a retry
 * succeeds; a repository that already holds commits is never overwritten.
 *
 * @public
 */
export function createGiteaPublishAction(options: {
  config: Config;
  guard?: TargetGuard;
}) {
  const integrations = ScmIntegrations.fromConfig(options.config);
  const guard = options.guard ?? new TargetGuard({ config: options.config });
  return createTemplateAction({
    id: 'supply-chain:gitea:publish',
    description:
      'Creates a Gitea repository and pushes the workspace to it (initial commit on the default branch)',
    examples,
    supportsDryRun: true,
    schema: {
      input: fields,
      output: {
        remoteUrl: zImpl =>
          zImpl.string().describe('Clone URL of the repository'),
        repoContentsUrl: zImpl =>
          zImpl
            .string()
            .describe('URL of the default branch root, for catalog:register'),
        commitHash: zImpl =>
          zImpl.string().describe('The pushed commit (empty in a dry run)'),
      },
    },
    async handler(ctx) {
      const input = parseInput(inputSchema, ctx.input, 'Gitea publish input', {
        report: 'paths',
      });
      const { host, owner, repo } = parseGiteaRepoUrl(input.repoUrl);
      guard.caller(ctx);
      const integration = integrations.gitea.byHost(host);
      if (!integration) {
        throw new InputError(
          `repoUrl: no integrations.gitea entry for host ${host} in app-config`,
        );
      }
      const cfg: GiteaIntegrationConfig = integration.config;
      if (!cfg.password) {
        throw new InputError(
          `repoUrl: integrations.gitea for ${host} has no password (API token)`,
        );
      }
      const baseUrl = (cfg.baseUrl ?? `https://${host}`).replace(/\/+$/, '');
      const allowedOwners = guard.policy.giteaOwners;
      if (!allowedOwners.includes(owner)) {
        throw new InputError(
          `repoUrl: new repositories may be created only in ${
            allowedOwners.join(', ') || '(none configured)'
          } on ${host} (supplyChain.scaffolder.gitea.allowedOwners), not in ${owner}`,
        );
      }
      const remoteUrl = `${baseUrl}/${owner}/${repo}.git`;
      if (
        guard.policy.gitops &&
        normalizeRepoUrl(remoteUrl).replace(/\.git$/, '') ===
          guard.policy.gitops.repoUrl.replace(/\.git$/, '')
      ) {
        throw new InputError(
          `repoUrl: ${owner}/${repo} is the GitOps repository; a service's code goes to a repository of its own`,
        );
      }
      const repoContentsUrl = `${baseUrl}/${owner}/${repo}/src/branch/${input.defaultBranch}/`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create ${owner}/${repo} on ${baseUrl} and push the workspace`,
        );
        ctx.output('remoteUrl', remoteUrl);
        ctx.output('repoContentsUrl', repoContentsUrl);
        ctx.output('commitHash', '');
        return;
      }

      const api = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${baseUrl}/api/v1${path}`, {
          method,
          headers: {
            ...getGiteaRequestOptions(cfg).headers,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        let json: any;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        return { status: res.status, json, text };
      };

      await ctx.checkpoint({
        key: `supply-chain.gitea.repo.${host}.${owner}.${repo}`,
        fn: async () => {
          const existing = await api('GET', `/repos/${owner}/${repo}`);
          if (existing.status === 200) {
            if (!existing.json?.empty) {
              throw new InputError(
                `repoUrl: ${owner}/${repo} already exists on ${host} and holds commits; choose another name`,
              );
            }
            ctx.logger.info(
              `Reusing the empty repository ${owner}/${repo} (left by an earlier attempt)`,
            );
            return;
          }
          const isOrg = (await api('GET', `/orgs/${owner}`)).status === 200;
          const body = {
            name: repo,
            description: input.description,
            private: input.repoVisibility === 'private',
            default_branch: input.defaultBranch,
            auto_init: false,
          };
          const created = await api(
            'POST',
            isOrg ? `/orgs/${owner}/repos` : '/user/repos',
            body,
          );
          if (created.status === 409) {
            throw new InputError(
              `repoUrl: ${owner}/${repo} already exists on ${host}; choose another name`,
            );
          }
          if (created.status === 404 || created.status === 403) {
            throw new InputError(
              `repoUrl: cannot create repositories in '${owner}' on ${host} (HTTP ${
                created.status
              }: ${created.json?.message ?? created.text})`,
            );
          }
          if (created.status !== 201) {
            throw new Error(
              `Gitea ${host}: creating ${owner}/${repo} failed with HTTP ${
                created.status
              }: ${created.json?.message ?? created.text}`,
            );
          }
          ctx.logger.info(`Created ${baseUrl}/${owner}/${repo}`);
        },
      });

      const commitHash = await ctx.checkpoint({
        key: `supply-chain.gitea.push.${host}.${owner}.${repo}`,
        fn: async () => {
          const { commitHash: hash } = await initRepoAndPush({
            dir: getRepoSourceDirectory(ctx.workspacePath, input.sourcePath),
            remoteUrl,
            auth: { username: cfg.username ?? owner, password: cfg.password! },
            logger: ctx.logger,
            defaultBranch: input.defaultBranch,
            commitMessage: input.gitCommitMessage,
            gitAuthorInfo: {
              name: ctx.user?.entity?.metadata.name ?? 'backstage-scaffolder',
              email: String(
                ctx.user?.entity?.spec?.profile?.email ??
                  'scaffolder@backstage.local',
              ),
            },
          });
          return hash;
        },
      });

      // Gitea updates the repository's metadata from the push in the
      // background; until then it still reports the repository empty and its
      // contents API fails, so catalog:register right after would too.
      for (let i = 0; ; i++) {
        const repoNow = await api('GET', `/repos/${owner}/${repo}`);
        if (repoNow.status === 200 && repoNow.json?.empty === false) break;
        if (i >= 60) {
          throw new Error(
            `Gitea ${host}: ${owner}/${repo} still reports no content 30 s after the push`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 500));
      }

      ctx.logger.info(`Pushed ${commitHash} to ${remoteUrl}`);
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', repoContentsUrl);
      ctx.output('commitHash', commitHash);
    },
  });
}
