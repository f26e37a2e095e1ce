import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  getGiteaRequestOptions,
  ScmIntegrations,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod/v3';
import { hasUnboundSegment } from '../rendering/serviceSpec';
import { parseInput } from '../rendering/validation';
import { examples } from './gitopsCommit.examples';

const run = promisify(execFile);

const fields = {
  repoUrl: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .refine(
        v => !hasUnboundSegment(v),
        'repoUrl has an empty path segment or an unbound variable',
      )
      .refine(
        v => /^(https?|file):\/\//.test(v),
        'repoUrl must be an http(s):// or file:// git URL',
      )
      .describe('GitOps repository (clone URL)'),
  branch: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(/^[\w][\w./-]*$/, 'branch must be a branch name such as main')
      .default('main'),
  sourcePath: (zImpl: typeof z) =>
    zImpl.string().min(1).describe('Workspace folder to publish (e.g. k8s)'),
  targetPath: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        /^[a-z0-9][\w.-]*(\/[a-z0-9][\w.-]*)*$/i,
        'targetPath must be a relative folder without empty segments, e.g. apps/returns-service',
      )
      .describe('Folder in the repository; replaced by sourcePath'),
  commitMessage: (zImpl: typeof z) => zImpl.string().min(1).max(500),
};

const inputSchema = z.object(
  Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f(z)])) as {
    [K in keyof typeof fields]: ReturnType<(typeof fields)[K]>;
  },
);

/**
 * `supply-chain:gitops:commit`: replaces one folder of the GitOps repository
 * with a workspace folder and pushes one commit (nothing when the content is
 * already there), so Argo CD deploys it.
 *
 * @public
 */
export function createGitopsCommitAction(options: { config: Config }) {
  const integrations = ScmIntegrations.fromConfig(options.config);
  return createTemplateAction({
    id: 'supply-chain:gitops:commit',
    description:
      'Publishes a workspace folder into a folder of the GitOps repository as one commit (no commit when nothing changed)',
    examples,
    supportsDryRun: true,
    schema: {
      input: fields,
      output: {
        commit: zImpl =>
          zImpl.string().describe('Commit on the branch holding the content'),
        changed: zImpl =>
          zImpl
            .boolean()
            .describe('False when the repository already held the content'),
      },
    },
    async handler(ctx) {
      const input = parseInput(inputSchema, ctx.input, 'GitOps commit input');
      let source: string;
      try {
        source = resolveSafeChildPath(ctx.workspacePath, input.sourcePath);
      } catch {
        throw new InputError(
          `sourcePath: '${input.sourcePath}' points outside the workspace`,
        );
      }
      if (!(await fs.stat(source).catch(() => undefined))?.isDirectory()) {
        throw new InputError(
          `sourcePath: ${input.sourcePath} is not a folder in the workspace`,
        );
      }
      const token = options.config.getOptionalString(
        'supplyChain.scaffolder.gitops.token',
      );
      const gitEnv = {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_AUTHOR_NAME:
          ctx.user?.entity?.metadata.name ?? 'backstage-scaffolder',
        GIT_AUTHOR_EMAIL: String(
          ctx.user?.entity?.spec?.profile?.email ??
            'scaffolder@backstage.local',
        ),
        GIT_COMMITTER_NAME: 'backstage-scaffolder',
        GIT_COMMITTER_EMAIL: 'scaffolder@backstage.local',
      };
      // a Gitea host of integrations.gitea: its credentials (http or https);
      // other https remotes: the configured bearer token
      const gitea = /^https?:\/\//.test(input.repoUrl)
        ? integrations.gitea.byUrl(input.repoUrl)
        : undefined;
      let authorization: string | undefined;
      if (gitea) {
        authorization = getGiteaRequestOptions(gitea.config).headers
          ?.Authorization;
      } else if (token && input.repoUrl.startsWith('https://')) {
        authorization = `Bearer ${token}`;
      }
      if (authorization) {
        // through the environment, not argv: the token never shows in a process list
        Object.assign(gitEnv, {
          GIT_CONFIG_COUNT: '1',
          GIT_CONFIG_KEY_0: 'http.extraHeader',
          GIT_CONFIG_VALUE_0: `Authorization: ${authorization}`,
        });
      }
      const git = async (cwd: string, ...args: string[]) =>
        (
          await run('git', args, {
            cwd,
            env: gitEnv,
            maxBuffer: 16 * 1024 * 1024,
          })
        ).stdout.trim();

      const result = await ctx.checkpoint({
        key: `supply-chain.gitops.commit.${input.repoUrl}.${input.branch}.${input.targetPath}`,
        fn: async () => {
          const clone = await fs.mkdtemp(
            path.join(os.tmpdir(), 'supply-chain-gitops-'),
          );
          try {
            await git(
              clone,
              'clone',
              '--quiet',
              '--depth',
              '1',
              '--branch',
              input.branch,
              input.repoUrl,
              '.',
            ).catch(e => {
              throw new InputError(
                `repoUrl: cannot clone ${input.repoUrl} (branch ${
                  input.branch
                }): ${String(e.stderr ?? e.message).trim()}`,
              );
            });
            const target = resolveSafeChildPath(clone, input.targetPath);
            await fs.rm(target, { recursive: true, force: true });
            await fs.mkdir(path.dirname(target), { recursive: true });
            await fs.cp(source, target, { recursive: true });
            await git(clone, 'add', '--all', '--', input.targetPath);
            const status = await git(
              clone,
              'status',
              '--porcelain',
              '--',
              input.targetPath,
            );
            if (!status) {
              return {
                commit: await git(clone, 'rev-parse', 'HEAD'),
                changed: false,
              };
            }
            if (ctx.isDryRun) {
              return { commit: '', changed: true };
            }
            await git(clone, 'commit', '--quiet', '-m', input.commitMessage);
            await git(
              clone,
              'push',
              '--quiet',
              'origin',
              `HEAD:${input.branch}`,
            );
            return {
              commit: await git(clone, 'rev-parse', 'HEAD'),
              changed: true,
            };
          } finally {
            await fs.rm(clone, { recursive: true, force: true });
          }
        },
      });
      ctx.logger.info(
        result.changed
          ? `Published ${input.sourcePath} to ${input.repoUrl} ${
              input.branch
            }:${input.targetPath}${
              ctx.isDryRun ? ' (dry run: not pushed)' : ` as ${result.commit}`
            }`
          : `${input.repoUrl} ${input.branch}:${input.targetPath} already holds ${input.sourcePath}; nothing to commit`,
      );
      ctx.output('commit', result.commit);
      ctx.output('changed', result.changed);
    },
  });
}
