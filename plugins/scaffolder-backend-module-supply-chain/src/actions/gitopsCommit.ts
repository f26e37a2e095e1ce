import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod/v3';
import { parseInput } from '@supply-chain/portal-common';
import { GitError } from '../policy/gitopsRepository';
import {
  normalizeRef,
  parseGitopsFolder,
  requireGitopsRepo,
} from '../policy/targetPolicy';
import { TargetGuard } from '../policy/TargetGuard';
import { hasUnboundSegment } from '../rendering/serviceSpec';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { examples } from './gitopsCommit.examples';

/** Annotations a trusted (GitOps) entity may not carry: they widen what it claims. */
const FORBIDDEN_ANNOTATIONS = [
  'backstage.io/kubernetes-label-selector',
  'argocd/app-selector',
  'argocd/project-name',
];

/**
 * The catalog-info.yaml of a folder about to be committed: every entity it
 * holds is named `name`, in namespace default, owned by one owner, and claims
 * no workload but its own (entities from the GitOps repository are a trusted
 * ownership source). Returns that owner and the workload ids claimed.
 */
async function checkCatalogInfo(
  source: string,
  sourcePath: string,
  area: 'apps' | 'models',
  name: string,
): Promise<{ owner: string; kubernetesIds: string[] }> {
  const field = `sourcePath: ${sourcePath}/catalog-info.yaml`;
  const text = await fs
    .readFile(path.join(source, 'catalog-info.yaml'), 'utf8')
    .catch(() => {
      throw new InputError(
        `${field} is missing; a folder of the GitOps repository must name its owner there`,
      );
    });
  let docs: unknown[];
  try {
    docs = parseYamlDocuments(text).filter(d => d !== null && d !== undefined);
  } catch (e) {
    throw new InputError(`${field} is not valid YAML: ${(e as Error).message}`);
  }
  if (docs.length === 0) throw new InputError(`${field} holds no entity`);
  const owners = new Set<string>();
  const kubernetesIds = new Set<string>();
  for (const doc of docs as Entity[]) {
    const kind = String(doc?.kind ?? '');
    const expected = area === 'apps' ? 'Component' : 'Resource';
    if (kind !== expected) {
      throw new InputError(
        `${field}: ${area}/${name} may hold only a ${expected} entity (found ${
          kind || 'none'
        })`,
      );
    }
    if (doc.metadata?.name !== name) {
      throw new InputError(
        `${field}: the entity must be named ${name} (found ${String(
          doc.metadata?.name,
        )})`,
      );
    }
    if ((doc.metadata?.namespace ?? 'default') !== 'default') {
      throw new InputError(`${field}: the entity must be in namespace default`);
    }
    if (typeof doc.spec?.owner !== 'string') {
      throw new InputError(`${field}: spec.owner is required`);
    }
    try {
      owners.add(normalizeRef(doc.spec.owner));
    } catch {
      throw new InputError(`${field}: spec.owner is not an entity reference`);
    }
    const annotations = doc.metadata?.annotations ?? {};
    for (const key of FORBIDDEN_ANNOTATIONS) {
      if (key in annotations) {
        throw new InputError(
          `${field}: the annotation ${key} is not allowed (it would claim workloads by selector)`,
        );
      }
    }
    const appName = annotations['argocd/app-name'];
    if (appName !== undefined && appName !== name) {
      throw new InputError(
        `${field}: argocd/app-name must be ${name} (found ${appName})`,
      );
    }
    const id = annotations['backstage.io/kubernetes-id'];
    if (id !== undefined) {
      if (area === 'apps' && id !== name) {
        throw new InputError(
          `${field}: backstage.io/kubernetes-id must be ${name} (found ${id})`,
        );
      }
      kubernetesIds.add(id);
    }
  }
  if (owners.size !== 1) {
    throw new InputError(
      `${field}: every entity must have the same owner (found ${[
        ...owners,
      ].join(', ')})`,
    );
  }
  return { owner: [...owners][0], kubernetesIds: [...kubernetesIds] };
}

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
      .describe(
        'GitOps repository (clone URL); must be supplyChain.scaffolder.gitops.repoUrl',
      ),
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
      .describe(
        'Folder in the repository, apps/<name> or models/<name>; replaced by sourcePath',
      ),
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
export function createGitopsCommitAction(options: {
  config: Config;
  guard?: TargetGuard;
}) {
  const guard = options.guard ?? new TargetGuard({ config: options.config });
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
      const input = parseInput(inputSchema, ctx.input, 'GitOps commit input', {
        report: 'paths',
      });
      // ---- every check before the repository is touched
      const caller = guard.caller(ctx);
      const gitopsConfig = requireGitopsRepo(guard.policy, input.repoUrl);
      const repo = guard.gitops!;
      if (input.branch !== gitopsConfig.branch) {
        throw new InputError(
          `branch: the scaffolder commits to ${gitopsConfig.branch} of the GitOps repository only (supplyChain.scaffolder.gitops.branch)`,
        );
      }
      const { area, name } = parseGitopsFolder(input.targetPath);
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
      const entity = await checkCatalogInfo(
        source,
        input.sourcePath,
        area,
        name,
      );
      const owner = guard.owner(
        caller,
        entity.owner,
        `sourcePath: ${input.sourcePath}/catalog-info.yaml spec.owner`,
      );
      guard.requireFree(
        caller,
        name,
        owner,
        await guard.holdersOfName(ctx, name, { argocd: area === 'apps' }),
      );
      for (const id of entity.kubernetesIds.filter(i => i !== name)) {
        // a model claims its serving component's workload: that team's only
        const owners = await guard.ownersOfKubernetesId(ctx, id);
        if (owners.some(o => o !== owner)) {
          throw new NotAllowedError(
            `sourcePath: ${
              input.sourcePath
            }/catalog-info.yaml claims the workload ${id}, held by ${owners.join(
              ', ',
            )}`,
          );
        }
      }
      const author = {
        name: ctx.user?.entity?.metadata.name ?? 'backstage-scaffolder',
        email: String(
          ctx.user?.entity?.spec?.profile?.email ??
            'scaffolder@backstage.local',
        ),
      };
      const git = (cwd: string, ...args: string[]) =>
        repo.git(cwd, args, author);

      const result = await ctx.checkpoint({
        key: `supply-chain.gitops.commit.${input.repoUrl}.${input.branch}.${input.targetPath}`,
        fn: async () =>
          repo
            .withClone(async clone => {
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
            })
            .catch(e => {
              if (e instanceof GitError) {
                throw new InputError(
                  `repoUrl: ${input.repoUrl} (branch ${input.branch}): ${e.message}`,
                );
              }
              throw e;
            }),
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
