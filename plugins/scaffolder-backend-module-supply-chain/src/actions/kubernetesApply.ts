import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod/v3';
import {
  ApplyObject,
  KubernetesApiError,
  KubernetesApplyClient,
} from '@supply-chain/plugin-rollouts-node';
import { parseInput } from '@supply-chain/portal-common';
import {
  FIELD_MANAGER,
  requireAllowedKind,
  requireTarget,
} from '../policy/targetPolicy';
import { TargetGuard } from '../policy/TargetGuard';
import { pickCluster } from '../clients/scaffolderClusters';
import { dnsLabel } from '../rendering/validation';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { examples } from './kubernetesApply.examples';

const fields = {
  cluster: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1, 'cluster is required')
      .describe('Cluster name from the configuration'),
  path: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .optional()
      .describe(
        'Workspace file or folder of YAML manifests (kustomization.yaml files are skipped)',
      ),
  manifests: (zImpl: typeof z) =>
    zImpl
      .array(zImpl.record(zImpl.unknown()))
      .min(1)
      .optional()
      .describe('Inline Kubernetes objects'),
  namespace: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'namespace')
      .optional()
      .describe('Namespace for objects that name none'),
  fieldManager: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        /^backstage-scaffolder(-[\w.-]{1,100})?$/,
        "fieldManager must be backstage-scaffolder or backstage-scaffolder-<suffix> (another manager's name would take over its fields)",
      )
      .default(FIELD_MANAGER)
      .describe('Server-side apply field manager'),
  force: (zImpl: typeof z) =>
    zImpl
      .boolean()
      .default(false)
      .describe(
        'Never allowed (true is refused): taking over fields other managers own',
      ),
  owner: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1)
      .describe(
        'The owning group (a group of the user); decides the allowed namespaces (supplyChain.scaffolder.allowedTargets)',
      ),
  ignoreUnservedKinds: (zImpl: typeof z) =>
    zImpl
      .boolean()
      .default(false)
      .describe(
        'Skip (and list in `skipped`) objects whose kind the cluster does not serve, e.g. a ServiceMonitor where Prometheus Operator is not installed',
      ),
  dryRun: (zImpl: typeof z) =>
    zImpl
      .boolean()
      .default(false)
      .describe(
        'Only validate with the apiserver (server-side dry run); persist nothing',
      ),
};

const inputSchema = z
  .object(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f(z)])) as {
      [K in keyof typeof fields]: ReturnType<(typeof fields)[K]>;
    },
  )
  .refine(i => (i.path === undefined) !== (i.manifests === undefined), {
    path: ['path'],
    message: 'give exactly one of path or manifests',
  });

const objectShape = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    metadata: z.object({ name: z.string().min(1) }).passthrough(),
  })
  .passthrough();

/** Apply order: what others refer to first. */
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'ExternalSecret',
  'Service',
  'Deployment',
];
const rank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
};

async function yamlFilesUnder(root: string): Promise<string[]> {
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat) return [];
  if (stat.isFile()) return [root];
  const entries = await fs.readdir(root, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(
      e =>
        e.isFile() &&
        /\.ya?ml$/.test(e.name) &&
        e.name !== 'kustomization.yaml',
    )
    .map(e => path.join(e.parentPath, e.name))
    .sort();
}

/** `Kind namespace/name` (or `Kind name`). */
export const describeObject = (o: ApplyObject, defaultNamespace?: string) => {
  const ns = o.metadata.namespace ?? defaultNamespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata.name}`;
};

/**
 * `supply-chain:kubernetes:apply`: server-side apply with a field manager.
 * Every object is first sent as a server-side dry run, so nothing is applied
 * unless the apiserver accepts the whole set.
 *
 * @public
 */
export function createKubernetesApplyAction(options: {
  config: Config;
  guard?: TargetGuard;
}) {
  const guard = options.guard ?? new TargetGuard({ config: options.config });
  return createTemplateAction({
    id: 'supply-chain:kubernetes:apply',
    description:
      'Applies Kubernetes objects with server-side apply (field manager, optional dry run); validates the whole set with a server-side dry run before persisting anything',
    examples,
    supportsDryRun: true,
    schema: {
      input: fields,
      output: {
        applied: zImpl =>
          zImpl
            .array(zImpl.string())
            .describe('Objects applied (or validated), as Kind namespace/name'),
        dryRun: zImpl =>
          zImpl.boolean().describe('True when nothing was persisted'),
        skipped: zImpl =>
          zImpl
            .array(zImpl.string())
            .describe(
              'Objects skipped because the cluster does not serve their kind',
            ),
      },
    },
    async handler(ctx) {
      const input = parseInput(
        inputSchema,
        ctx.input,
        'kubernetes apply input',
        { report: 'paths' },
      );
      const caller = guard.caller(ctx);
      const owner = guard.owner(caller, input.owner);
      if (input.force) {
        throw new InputError(
          'force: the scaffolder never takes over fields other managers own; remove force',
        );
      }
      const cluster = pickCluster(options.config, input.cluster);

      // ---- load and check every object before talking to the cluster
      const raw: { source: string; value: unknown }[] = [];
      if (input.path !== undefined) {
        let root: string;
        try {
          root = resolveSafeChildPath(ctx.workspacePath, input.path);
        } catch {
          throw new InputError(
            `path: '${input.path}' points outside the workspace`,
          );
        }
        const files = await yamlFilesUnder(root);
        if (files.length === 0) {
          throw new InputError(`path: no YAML manifests under '${input.path}'`);
        }
        for (const file of files) {
          const rel = path.relative(ctx.workspacePath, file);
          let docs: unknown[];
          try {
            docs = parseYamlDocuments(await fs.readFile(file, 'utf8'));
          } catch (e) {
            throw new InputError(
              `path: ${rel} is not valid YAML: ${(e as Error).message}`,
            );
          }
          docs.forEach((value, i) => {
            if (value !== null && value !== undefined)
              raw.push({ source: `${rel}#${i}`, value });
          });
        }
      } else {
        input.manifests!.forEach((value, i) =>
          raw.push({ source: `manifests[${i}]`, value }),
        );
      }
      const objects = raw
        .map(({ source, value }) => {
          const parsed = objectShape.safeParse(value);
          if (!parsed.success) {
            throw new InputError(
              `${source}: not a Kubernetes object (${parsed.error.issues
                .map(i => `${i.path.join('.')}: ${i.message}`)
                .join('; ')})`,
            );
          }
          return { source, object: parsed.data as ApplyObject };
        })
        .filter(o => o.object.kind !== 'Kustomization')
        .map(({ source, object }) => {
          // ---- the platform's rules for each object, before the cluster is asked
          requireAllowedKind(
            guard.policy,
            object.apiVersion,
            object.kind,
            source,
          );
          const namespace = object.metadata.namespace ?? input.namespace;
          requireTarget(
            guard.policy,
            owner,
            cluster.name,
            namespace,
            `${source}: ${object.kind} ${object.metadata.name} namespace`,
          );
          const labels = (object.metadata.labels ?? {}) as Record<
            string,
            unknown
          >;
          const id = labels['backstage.io/kubernetes-id'];
          if (typeof id !== 'string' || !id) {
            throw new InputError(
              `${source}: ${object.kind} ${object.metadata.name} needs the label backstage.io/kubernetes-id (the workload it belongs to)`,
            );
          }
          const {
            managedFields: _managedFields,
            ownerReferences: _ownerReferences,
            ...metadata
          } = object.metadata as Record<string, unknown>;
          // the checked namespace is the one sent
          const sent = {
            ...object,
            metadata: { ...metadata, namespace },
          } as ApplyObject;
          return { source, id, object: sent };
        });
      for (const { id, object } of objects) {
        const holders = [
          ...(await guard.ownersOfKubernetesId(ctx, id)).map(o => ({
            owner: o,
            what: `workload ${id}`,
          })),
          ...(await guard.clusterHolders(ctx, cluster.name, {
            apiVersion: object.apiVersion,
            kind: object.kind,
            name: object.metadata.name,
            namespace: object.metadata.namespace!,
          })),
        ];
        guard.requireFree(
          caller,
          object.metadata.name,
          owner,
          holders,
          `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`,
        );
      }
      const sorted = objects
        .map(o => o.object)
        .sort((a, b) => rank(a.kind) - rank(b.kind));

      const client = KubernetesApplyClient.create(cluster);
      const common = {
        fieldManager: input.fieldManager,
        force: input.force,
        defaultNamespace: input.namespace,
      };

      // ---- kinds the cluster does not serve
      const skipped: string[] = [];
      const servable: ApplyObject[] = [];
      for (const object of sorted) {
        try {
          const objectPath = await client.pathOf(object, input.namespace);
          if (!objectPath.includes('/namespaces/')) {
            throw new NotAllowedError(
              `${describeObject(
                object,
              )}: cluster-scoped objects are never applied by the scaffolder`,
            );
          }
          servable.push(object);
        } catch (e) {
          if (
            e instanceof InputError &&
            input.ignoreUnservedKinds &&
            /does not serve/.test(e.message)
          ) {
            skipped.push(describeObject(object, input.namespace));
            ctx.logger.warn(
              `Skipping ${describeObject(object, input.namespace)}: ${
                e.message
              }`,
            );
          } else if (!(e instanceof InputError)) {
            throw e;
          } else {
            servable.push(object); // reported with the dry run below
          }
        }
      }
      const toApply = servable;
      ctx.output('skipped', skipped);

      // ---- the apiserver validates the whole set first (nothing persists)
      const rejected: string[] = [];
      for (const object of toApply) {
        try {
          await client.apply(object, { ...common, dryRun: true });
        } catch (e) {
          if (
            e instanceof KubernetesApiError &&
            (e.statusCode === 401 || e.statusCode === 403)
          ) {
            throw new NotAllowedError(
              `cluster ${cluster.name} refused: ${e.message}`,
            );
          }
          if (e instanceof KubernetesApiError || e instanceof InputError) {
            rejected.push(e.message);
          } else {
            throw e;
          }
        }
      }
      if (rejected.length > 0) {
        throw new InputError(
          `The cluster ${cluster.name} rejected ${rejected.length} of ${
            toApply.length
          } objects (nothing was applied): ${rejected.join('; ')}`,
        );
      }
      const names = toApply.map(o => describeObject(o, input.namespace));
      const dryRun = input.dryRun || Boolean(ctx.isDryRun);
      if (dryRun) {
        ctx.logger.info(
          `Server-side dry run accepted ${toApply.length} objects on ${cluster.name}`,
        );
        ctx.output('applied', names);
        ctx.output('dryRun', true);
        return;
      }

      // ---- apply; a retried task skips what it already applied
      for (const [i, object] of toApply.entries()) {
        await ctx.checkpoint({
          key: `supply-chain.kubernetes.apply.${cluster.name}.${object.apiVersion}.${names[i]}`,
          fn: async () => {
            const applied = await client.apply(object, {
              ...common,
              dryRun: false,
            });
            ctx.logger.info(`Applied ${names[i]} on ${cluster.name}`);
            return { uid: String((applied.metadata as any)?.uid ?? '') };
          },
        });
      }
      ctx.output('applied', names);
      ctx.output('dryRun', false);
    },
  });
}
