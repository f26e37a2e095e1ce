import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { z } from 'zod/v3';
import { parseInput } from '@supply-chain/portal-common';
import {
  findCallers,
  parseRefField,
  requireEntities,
} from '../catalog/catalogLookups';
import {
  clusterOfDestination,
  requireGitopsRepo,
  requireTarget,
} from '../policy/targetPolicy';
import { notConfigured, TargetGuard } from '../policy/TargetGuard';
import { validateManifestSet } from '../rendering/manifestValidation';
import {
  renderServiceManifests,
  ServiceCaller,
} from '../rendering/serviceManifests';
import { parseServiceSpec, serviceSpecFields } from '../rendering/serviceSpec';
import { ENTITY_REF } from '../rendering/validation';
import { writeFilesAllOrNothing } from '../workspace/writeFiles';
import { examples } from './serviceManifests.examples';

const actionFields = {
  dependencies: (zImpl: typeof z) =>
    zImpl
      .array(zImpl.string().regex(ENTITY_REF, 'must be an entity reference'))
      .default([])
      .describe(
        'What the service depends on (components, resources); each must be in the catalog',
      ),
  targetPath: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .default('k8s')
      .describe('Workspace folder the manifests are written to'),
  allowExistingComponent: (zImpl: typeof z) =>
    zImpl
      .boolean()
      .default(false)
      .describe(
        'Render for a component already in the catalog (regenerate); otherwise an existing name is refused',
      ),
};

const actionSchema = z.object({
  dependencies: actionFields.dependencies(z),
  targetPath: actionFields.targetPath(z),
  allowExistingComponent: actionFields.allowExistingComponent(z),
});

/**
 * `supply-chain:service:manifests`: renders every manifest a new service
 * needs into the workspace; the AuthorizationPolicy's callers come from the
 * catalog.
 *
 * @public
 */
export function createServiceManifestsAction(options: {
  catalog: CatalogService;
  /** the platform's policy; without one, the empty config's (every target denied) */
  guard?: TargetGuard;
}) {
  const { catalog } = options;
  const guard =
    options.guard ?? new TargetGuard({ config: new ConfigReader({}), catalog });
  return createTemplateAction({
    id: 'supply-chain:service:manifests',
    description:
      'Renders the Kubernetes, Istio, Prometheus, External Secrets, Kustomize and Argo CD manifests of a new supply-chain service (deterministic output; AuthorizationPolicy callers from the catalog)',
    examples,
    supportsDryRun: true,
    schema: {
      input: { ...serviceSpecFields, ...actionFields },
      output: {
        targetPath: zImpl =>
          zImpl.string().describe('Workspace folder holding the manifests'),
        files: zImpl =>
          zImpl
            .array(zImpl.string())
            .describe('Written files, relative to the workspace'),
        productionPath: zImpl =>
          zImpl
            .string()
            .optional()
            .describe('Production overlay folder, relative to the workspace'),
        gitopsPath: zImpl =>
          zImpl
            .string()
            .optional()
            .describe('Folder of the service in the GitOps repository'),
        argocdApplicationName: zImpl => zImpl.string().optional(),
        allowedPrincipals: zImpl =>
          zImpl
            .array(zImpl.string())
            .describe('Istio principals the AuthorizationPolicy allows'),
        callers: zImpl =>
          zImpl
            .array(zImpl.string())
            .describe('Catalog components that depend on the service'),
      },
    },
    async handler(ctx) {
      // The scaffolder only checked the JSON Schema: parse again for defaults and cross-field rules.
      const { dependencies, targetPath, allowExistingComponent, ...specInput } =
        ctx.input as Record<string, unknown>;
      const actionInput = parseInput(
        actionSchema,
        { dependencies, targetPath, allowExistingComponent },
        'service manifests input',
        { report: 'paths' },
      );
      const spec = parseServiceSpec(specInput);
      const credentials = await ctx.getInitiatorCredentials();

      const serviceRef = {
        kind: 'component',
        namespace: 'default',
        name: spec.name,
      };
      const refs = [
        {
          field: 'owner',
          ref: parseRefField(spec.owner, 'owner', 'group'),
          kinds: ['group', 'user'],
        },
        ...(spec.system
          ? [
              {
                field: 'system',
                ref: parseRefField(spec.system, 'system', 'system'),
                kinds: ['system'],
              },
            ]
          : []),
        ...actionInput.dependencies.map((d, i) => ({
          field: `dependencies[${i}]`,
          ref: parseRefField(d, `dependencies[${i}]`, 'component'),
          kinds: ['component', 'resource', 'api'],
        })),
      ];
      await requireEntities(catalog, credentials, refs);
      if (
        actionInput.dependencies.some(
          d =>
            stringifyEntityRef(
              parseRefField(d, 'dependencies', 'component'),
            ) === stringifyEntityRef(serviceRef),
        )
      ) {
        throw new InputError(
          `dependencies: a service cannot depend on itself (${stringifyEntityRef(
            serviceRef,
          )})`,
        );
      }
      // ---- preflight: every target of the later steps, before anything is written
      const caller = guard.caller(ctx);
      const owner = guard.owner(caller, spec.owner);
      const policy = guard.policy;
      let deployments: { cluster: string; namespaces: string[] } | undefined;
      if (spec.gitops) {
        requireGitopsRepo(policy, spec.gitops.repoUrl, 'gitops.repoUrl');
        if ((spec.gitops.path ?? `apps/${spec.name}`) !== `apps/${spec.name}`) {
          throw new InputError(
            `gitops.path: a service lives in apps/${spec.name} of the GitOps repository`,
          );
        }
        if (!policy.argocd.project) {
          throw notConfigured('gitops.project', 'argocd.project');
        }
        if (spec.gitops.project !== policy.argocd.project) {
          throw new InputError(
            `gitops.project: must be ${policy.argocd.project} (supplyChain.scaffolder.argocd.project)`,
          );
        }
        if (spec.gitops.argocdNamespace !== policy.argocd.namespace) {
          throw new InputError(
            `gitops.argocdNamespace: must be ${policy.argocd.namespace} (supplyChain.scaffolder.argocd.namespace)`,
          );
        }
        const cluster = clusterOfDestination(
          policy,
          { server: spec.gitops.destinationServer },
          'gitops.destinationServer',
        );
        requireTarget(policy, owner, cluster, spec.namespace, 'namespace');
        if (spec.include.kustomize) {
          requireTarget(
            policy,
            owner,
            cluster,
            spec.stagingNamespace,
            'stagingNamespace',
          );
        }
        deployments = {
          cluster,
          namespaces: [...new Set([spec.namespace, spec.stagingNamespace])],
        };
      }
      const holders = await guard.holdersOfName(ctx, spec.name, {
        argocd: Boolean(spec.gitops),
        deployments,
      });
      guard.requireFree(caller, spec.name, owner, holders);
      const existing = await catalog.getEntityByRef(serviceRef, {
        credentials,
      });
      if (existing && !actionInput.allowExistingComponent) {
        throw new InputError(
          `name: ${stringifyEntityRef(
            serviceRef,
          )} already exists in the catalog (owned by ${String(
            existing.spec?.owner ?? 'unknown',
          )}); choose another name`,
        );
      }

      // A retried task renders with the callers of its first run: same bytes.
      const found = await ctx.checkpoint({
        key: `supply-chain.service.callers.${spec.name}`,
        fn: async () => {
          const result = await findCallers(
            catalog,
            credentials,
            serviceRef,
            spec.namespace,
          );
          return { callers: result.callers, callerRefs: result.callerRefs };
        },
      });
      const callers = found.callers as ServiceCaller[];

      const rendered = renderServiceManifests(spec, callers);
      const problems = validateManifestSet(rendered.objects.map(o => o.object));
      if (problems.length > 0) {
        throw new Error(
          `Rendered manifests failed validation (a bug in the renderer): ${problems.join(
            '; ',
          )}`,
        );
      }

      const files = await writeFilesAllOrNothing(
        ctx.workspacePath,
        actionInput.targetPath,
        rendered.files,
      );
      const targetOut = path.posix
        .normalize(actionInput.targetPath)
        .replace(/\/$/, '');
      ctx.logger.info(
        `Rendered ${rendered.files.length} manifest files for ${spec.name} into ${targetOut}; ${rendered.allowedPrincipals.length} allowed principal(s)`,
      );
      ctx.output('targetPath', targetOut);
      ctx.output('files', files);
      if (rendered.productionPath) {
        ctx.output('productionPath', `${targetOut}/${rendered.productionPath}`);
      }
      if (spec.gitops) {
        ctx.output('gitopsPath', spec.gitops.path ?? `apps/${spec.name}`);
      }
      if (rendered.argocdApplicationName) {
        ctx.output('argocdApplicationName', rendered.argocdApplicationName);
      }
      ctx.output('allowedPrincipals', rendered.allowedPrincipals);
      ctx.output('callers', found.callerRefs as string[]);
    },
  });
}
