import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { z } from 'zod/v3';
import { describeIssues, parseInput } from '@supply-chain/portal-common';
import {
  ArgoCdApplication,
  createApplication,
  getApplication,
} from '../clients/argocdApplications';
import {
  clusterOfDestination,
  OWNER_ANNOTATION,
  parseGitopsFolder,
  requireGitopsRepo,
  requireTarget,
} from '../policy/targetPolicy';
import { notConfigured, TargetGuard } from '../policy/TargetGuard';
import { MANIFEST_SCHEMAS } from '../rendering/manifestSchemas';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { examples } from './argocdApplication.examples';

const fields = {
  instance: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .optional()
      .describe(
        'Argo CD instance name from argocd.appLocatorMethods; default the first',
      ),
  manifestPath: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .optional()
      .describe(
        'Workspace file holding the Application (as rendered by supply-chain:service:manifests)',
      ),
  application: (zImpl: typeof z) =>
    zImpl
      .record(zImpl.unknown())
      .optional()
      .describe('The Application object inline'),
  upsert: (zImpl: typeof z) =>
    zImpl
      .boolean()
      .default(false)
      .describe(
        'Replace an existing application of the same owner whose spec differs (otherwise refused)',
      ),
  owner: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .describe(
        'The owning group (a group of the user); decides the allowed destinations (supplyChain.scaffolder.allowedTargets)',
      ),
};

const inputSchema = z
  .object(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f(z)])) as {
      [K in keyof typeof fields]: ReturnType<(typeof fields)[K]>;
    },
  )
  .refine(
    i => (i.manifestPath === undefined) !== (i.application === undefined),
    {
      path: ['manifestPath'],
      message: 'give exactly one of manifestPath or application',
    },
  );

/** The parts of a spec that decide what Argo CD deploys. */
const deployedParts = (spec: Record<string, any>) => ({
  project: spec.project,
  source: spec.source,
  destination: spec.destination,
});

/** True when every value set in `desired` is the same in `actual` (Argo CD adds defaults). */
function isContainedIn(desired: unknown, actual: unknown): boolean {
  if (desired === undefined) return true;
  if (desired === null || typeof desired !== 'object')
    return desired === actual;
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      desired.length === actual.length &&
      desired.every((d, i) => isContainedIn(d, actual[i]))
    );
  }
  return Object.entries(desired).every(([k, v]) =>
    isContainedIn(v, (actual as Record<string, unknown>)[k]),
  );
}

/**
 * `supply-chain:argocd:application:create`: creates the Argo CD application
 * through the Argo CD API. Idempotent: an application that already exists
 * with the same source and destination is left alone.
 *
 * @public
 */
export function createArgoCdApplicationAction(options: {
  config: Config;
  guard?: TargetGuard;
}) {
  const guard = options.guard ?? new TargetGuard({ config: options.config });
  return createTemplateAction({
    id: 'supply-chain:argocd:application:create',
    description:
      'Creates an Argo CD application through the Argo CD API (idempotent: an identical existing application is left alone)',
    examples,
    supportsDryRun: true,
    schema: {
      input: fields,
      output: {
        name: zImpl => zImpl.string(),
        instance: zImpl => zImpl.string(),
        status: zImpl =>
          zImpl
            .enum([
              'created',
              'updated',
              'unchanged',
              'would-create',
              'would-update',
            ])
            .describe('What happened'),
        url: zImpl =>
          zImpl.string().describe('The application in the Argo CD UI'),
      },
    },
    async handler(ctx) {
      const input = parseInput(
        inputSchema,
        ctx.input,
        'Argo CD application input',
        { report: 'paths' },
      );
      const instances = guard.argocd.instanceNames();
      const instance = guard.argocd.client(
        input.instance ?? instances[0] ?? '',
      );
      if (!instance) {
        throw new InputError(
          `instance: ${
            input.instance
              ? `'${input.instance}' is not configured`
              : 'no Argo CD instance is configured'
          } (known: ${instances.join(', ') || 'none'})`,
        );
      }

      let raw: unknown = input.application;
      if (input.manifestPath !== undefined) {
        let file: string;
        try {
          file = resolveSafeChildPath(ctx.workspacePath, input.manifestPath);
        } catch {
          throw new InputError(
            `manifestPath: '${input.manifestPath}' points outside the workspace`,
          );
        }
        const content = await fs.readFile(file, 'utf8').catch(() => {
          throw new InputError(
            `manifestPath: ${input.manifestPath} does not exist in the workspace`,
          );
        });
        const docs = parseYamlDocuments(content);
        if (docs.length !== 1) {
          throw new InputError(
            `manifestPath: ${input.manifestPath} must hold exactly one Application (found ${docs.length} documents)`,
          );
        }
        raw = docs[0];
      }
      const checked =
        MANIFEST_SCHEMAS['argoproj.io/v1alpha1/Application'].safeParse(raw);
      if (!checked.success) {
        throw new InputError(
          `${
            input.manifestPath ? 'manifestPath' : 'application'
          }: not a valid Argo CD Application: ${describeIssues(
            checked.error,
          ).join('; ')}`,
        );
      }
      const field = input.manifestPath ? 'manifestPath' : 'application';
      const parsed = checked.data as any;
      const rawSpec = (raw as any).spec ?? {};
      const name: string = parsed.metadata.name;
      const policy = guard.policy;

      // ---- the platform's rules, before Argo CD is asked anything
      const caller = guard.caller(ctx);
      const owner = guard.owner(caller, input.owner);
      const appNamespace = parsed.metadata.namespace ?? policy.argocd.namespace;
      if (appNamespace !== policy.argocd.namespace) {
        throw new InputError(
          `${field}: metadata.namespace must be ${policy.argocd.namespace} (supplyChain.scaffolder.argocd.namespace)`,
        );
      }
      if (!policy.argocd.project) {
        throw notConfigured(`${field}: spec.project`, 'argocd.project');
      }
      if (parsed.spec.project !== policy.argocd.project) {
        throw new InputError(
          `${field}: spec.project must be ${policy.argocd.project} (supplyChain.scaffolder.argocd.project), not ${parsed.spec.project}`,
        );
      }
      if (rawSpec.sources !== undefined) {
        throw new InputError(
          `${field}: spec.sources is not allowed; one spec.source from the GitOps repository`,
        );
      }
      for (const k of Object.keys(rawSpec.source ?? {})) {
        if (
          ![
            'repoURL',
            'targetRevision',
            'path',
            'kustomize',
            'directory',
          ].includes(k)
        ) {
          throw new InputError(
            `${field}: spec.source.${k} is not allowed (plain manifests or Kustomize from the GitOps repository only)`,
          );
        }
      }
      requireGitopsRepo(
        policy,
        parsed.spec.source.repoURL,
        `${field}: spec.source.repoURL`,
      );
      const folder = parseGitopsFolder(
        String(parsed.spec.source.path).split('/').slice(0, 2).join('/'),
        `${field}: spec.source.path`,
      );
      if (
        folder.name !== name ||
        String(parsed.spec.source.path).split('/').includes('..')
      ) {
        throw new InputError(
          `${field}: spec.source.path must be under ${folder.area}/${name} of the GitOps repository (the application's own folder)`,
        );
      }
      const destination = rawSpec.destination ?? {};
      const cluster = clusterOfDestination(
        policy,
        destination,
        `${field}: spec.destination`,
      );
      requireTarget(
        policy,
        owner,
        cluster,
        destination.namespace,
        `${field}: spec.destination.namespace`,
      );
      const existingHolders = await guard.argocdHolders(
        ctx,
        name,
        instance.name,
      );
      guard.requireFree(caller, name, owner, [
        ...existingHolders,
        ...(await guard.catalogHolders(ctx, name)),
        ...(await guard.gitopsHolders(name)),
      ]);

      // ---- what is sent: built from the checked fields, not the raw input
      const finalizers = ((raw as any).metadata?.finalizers ?? []).filter(
        (f: unknown) => f === 'resources-finalizer.argocd.argoproj.io',
      );
      const application: ArgoCdApplication = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name,
          namespace: appNamespace,
          labels: { 'backstage.io/kubernetes-id': name },
          annotations: { [OWNER_ANNOTATION]: owner },
          ...(finalizers.length > 0 ? { finalizers } : {}),
        },
        spec: {
          project: policy.argocd.project,
          source: {
            repoURL: parsed.spec.source.repoURL,
            targetRevision: parsed.spec.source.targetRevision,
            path: parsed.spec.source.path,
            ...(rawSpec.source?.kustomize
              ? { kustomize: rawSpec.source.kustomize }
              : {}),
            ...(rawSpec.source?.directory
              ? { directory: rawSpec.source.directory }
              : {}),
          },
          destination: {
            ...(destination.server ? { server: destination.server } : {}),
            ...(destination.name ? { name: destination.name } : {}),
            namespace: destination.namespace,
          },
          ...(rawSpec.syncPolicy ? { syncPolicy: rawSpec.syncPolicy } : {}),
          ...(rawSpec.ignoreDifferences
            ? { ignoreDifferences: rawSpec.ignoreDifferences }
            : {}),
        },
      };
      const url = `${instance.config.frontendUrl}/applications/${appNamespace}/${name}`;
      ctx.output('name', name);
      ctx.output('instance', instance.name);
      ctx.output('url', url);

      const existing = await getApplication(instance, name, appNamespace);
      if (
        existing &&
        isContainedIn(
          deployedParts(application.spec),
          deployedParts(existing.spec),
        )
      ) {
        ctx.logger.info(
          `Argo CD application ${name} already exists on ${instance.name} with the same source and destination`,
        );
        ctx.output('status', 'unchanged');
        return;
      }
      if (existing && !input.upsert) {
        throw new ConflictError(
          `Argo CD application ${name} already exists on ${instance.name} and deploys ${existing.spec.source?.repoURL} ${existing.spec.source?.path} to ${existing.spec.destination?.namespace}; set upsert: true to replace it or choose another name`,
        );
      }
      if (ctx.isDryRun) {
        ctx.output('status', existing ? 'would-update' : 'would-create');
        return;
      }
      await ctx.checkpoint({
        key: `supply-chain.argocd.application.${instance.name}.${appNamespace}.${name}`,
        fn: async () => {
          await createApplication(instance, application, Boolean(existing));
          ctx.logger.info(
            `${
              existing ? 'Updated' : 'Created'
            } Argo CD application ${name} on ${instance.name}`,
          );
        },
      });
      ctx.output('status', existing ? 'updated' : 'created');
    },
  });
}
