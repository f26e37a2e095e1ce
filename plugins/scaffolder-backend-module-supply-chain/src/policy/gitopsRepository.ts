import { Config } from '@backstage/config';
import {
  getGiteaRequestOptions,
  ScmIntegrations,
} from '@backstage/integration';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { normalizeRepoUrl } from './targetPolicy';

const run = promisify(execFile);

/** A git error without anything of the environment (where credentials live). */
export class GitError extends Error {
  constructor(readonly args: string[], readonly stderr: string) {
    super(`git ${args[0]} failed: ${stderr.trim()}`);
    this.name = 'GitError';
  }
}

/**
 * git against the configured GitOps repository only: the credential (the
 * `integrations.gitea` entry of its host, or `supplyChain.scaffolder.gitops.token`
 * for https) is computed for that one URL, and every call refuses another
 * remote. Redirects are not followed, so the credential stays on that host.
 */
export class GitopsRepository {
  private constructor(
    readonly url: string,
    readonly branch: string,
    private readonly authorization: string | undefined,
  ) {}

  static fromConfig(config: Config): GitopsRepository | undefined {
    const raw = config.getOptionalString(
      'supplyChain.scaffolder.gitops.repoUrl',
    );
    if (!raw) return undefined;
    const url = normalizeRepoUrl(raw);
    const branch =
      config.getOptionalString('supplyChain.scaffolder.gitops.branch') ??
      'main';
    const token = config.getOptionalString(
      'supplyChain.scaffolder.gitops.token',
    );
    let authorization: string | undefined;
    if (/^https?:\/\//.test(url)) {
      const gitea = ScmIntegrations.fromConfig(config).gitea.byUrl(url);
      if (gitea) {
        authorization = getGiteaRequestOptions(gitea.config).headers
          ?.Authorization;
      } else if (token && url.startsWith('https://')) {
        authorization = `Bearer ${token}`;
      }
    }
    return new GitopsRepository(url, branch, authorization);
  }

  /** git in `cwd`; the credential through the environment, never argv or logs. */
  async git(
    cwd: string,
    args: string[],
    author?: { name: string; email: string },
  ): Promise<string> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: 'true',
      GIT_ALLOW_PROTOCOL: 'http:https:file',
      GIT_AUTHOR_NAME: author?.name ?? 'backstage-scaffolder',
      GIT_AUTHOR_EMAIL: author?.email ?? 'scaffolder@backstage.local',
      GIT_COMMITTER_NAME: 'backstage-scaffolder',
      GIT_COMMITTER_EMAIL: 'scaffolder@backstage.local',
    };
    const settings: [string, string][] = [['http.followRedirects', 'false']];
    if (this.authorization) {
      settings.push([
        'http.extraHeader',
        `Authorization: ${this.authorization}`,
      ]);
    }
    env.GIT_CONFIG_COUNT = String(settings.length);
    settings.forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k;
      env[`GIT_CONFIG_VALUE_${i}`] = v;
    });
    try {
      return (
        await run('git', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 })
      ).stdout.trim();
    } catch (e: any) {
      throw new GitError(args, String(e.stderr ?? e.message));
    }
  }

  /** A shallow clone of the branch in a temporary folder, removed after `fn`. */
  async withClone<T>(
    fn: (dir: string) => Promise<T>,
    options: { noCheckout?: boolean } = {},
  ): Promise<T> {
    const dir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'supply-chain-gitops-'),
    );
    try {
      await this.git(dir, [
        'clone',
        '--quiet',
        '--depth',
        '1',
        ...(options.noCheckout ? ['--no-checkout'] : []),
        '--branch',
        this.branch,
        this.url,
        '.',
      ]);
      return await fn(dir);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * The folders `apps/<name>` / `models/<name>` that exist, each with the
   * text of its catalog-info.yaml (undefined when it has none).
   */
  async folders(
    name: string,
  ): Promise<{ folder: string; catalogInfo?: string }[]> {
    return this.withClone(
      async dir => {
        const found: { folder: string; catalogInfo?: string }[] = [];
        for (const folder of [`apps/${name}`, `models/${name}`]) {
          const listed = await this.git(dir, [
            'ls-tree',
            '--name-only',
            'HEAD',
            `${folder}/`,
          ]);
          if (!listed) continue;
          const catalogInfo = listed
            .split('\n')
            .includes(`${folder}/catalog-info.yaml`)
            ? await this.git(dir, ['show', `HEAD:${folder}/catalog-info.yaml`])
            : undefined;
          found.push({ folder, catalogInfo });
        }
        return found;
      },
      { noCheckout: true },
    );
  }
}
