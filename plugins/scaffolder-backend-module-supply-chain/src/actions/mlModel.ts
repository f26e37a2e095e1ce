import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { parseRefField, requireEntities } from '../catalog/catalogLookups';
import { normalizeRef } from '../policy/targetPolicy';
import { TargetGuard } from '../policy/TargetGuard';
import { validateManifestSet } from '../rendering/manifestValidation';
import {
  mlModelFields,
  parseMlModelSpec,
  renderMlModel,
} from '../rendering/mlModel';
import { writeFilesAllOrNothing } from '../workspace/writeFiles';
import { examples } from './mlModel.examples';

/**
 * `supply-chain:mlmodel:create`: renders an MLModel resource (checked
 * against the CRD's rules) and its catalog entity for an existing serving
 * component.
 *
 * @public
 */
export function createMlModelAction(options: {
  catalog: CatalogService;
  /** the platform's policy; without one, the empty config's (every target denied) */
  guard?: TargetGuard;
}) {
  const { catalog } = options;
  const guard =
    options.guard ?? new TargetGuard({ config: new ConfigReader({}), catalog });
  return createTemplateAction({
    id: 'supply-chain:mlmodel:create',
    description:
      'Renders an MLModel resource (framework enum, replicas 1..10, resource quantities as the CRD requires) and its catalog entity for an existing serving component',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...mlModelFields,
        targetPath: z =>
          z
            .string()
            .min(1)
            .default('.')
            .describe(
              'Workspace folder for mlmodel.yaml and catalog-info.yaml',
            ),
      },
      output: {
        files: z => z.array(z.string()),
        mlModelPath: z => z.string().describe('Workspace path of mlmodel.yaml'),
        catalogInfoPath: z =>
          z.string().describe('Workspace path of catalog-info.yaml'),
        entityRef: z =>
          z.string().describe('Ref of the catalog entity the files describe'),
        owner: z =>
          z
            .string()
            .describe(
              "The model's owner (the serving component's owner by default)",
            ),
      },
    },
    async handler(ctx) {
      const { targetPath = '.', ...rest } = ctx.input as Record<
        string,
        unknown
      >;
      if (typeof targetPath !== 'string' || targetPath.length === 0) {
        throw new InputError('targetPath: must be a workspace folder');
      }
      const spec = parseMlModelSpec(rest);
      const credentials = await ctx.getInitiatorCredentials();
      const servingRef = parseRefField(
        spec.servingComponent,
        'servingComponent',
        'component',
      );
      const refs = [
        { field: 'servingComponent', ref: servingRef, kinds: ['component'] },
      ];
      if (spec.owner) {
        refs.push({
          field: 'owner',
          ref: parseRefField(spec.owner, 'owner', 'group'),
          kinds: ['group', 'user'],
        });
      }
      const [serving] = await requireEntities(catalog, credentials, refs);
      const entityRef = stringifyEntityRef({
        kind: 'resource',
        namespace: 'default',
        name: spec.name,
      });
      if (await catalog.getEntityByRef(entityRef, { credentials })) {
        throw new InputError(
          `name: ${entityRef} already exists in the catalog; choose another name`,
        );
      }
      if (!spec.owner && !serving.spec?.owner) {
        throw new InputError(
          `owner: ${stringifyEntityRef(serving)} has no owner; give one`,
        );
      }
      // ---- who may: the model's owner is a group of the user, and the
      // serving component (whose workload the model joins) is that group's
      const caller = guard.caller(ctx);
      const owner = guard.owner(
        caller,
        spec.owner ?? String(serving.spec?.owner),
      );
      const servingOwner = serving.spec?.owner
        ? normalizeRef(String(serving.spec.owner))
        : undefined;
      if (servingOwner !== owner) {
        throw new NotAllowedError(
          `servingComponent: ${stringifyEntityRef(serving)} is owned by ${
            servingOwner ?? 'nobody'
          }, not by ${owner}; a model joins its serving component's workload, so only that team may add one`,
        );
      }
      const kubernetesId =
        serving.metadata.annotations?.['backstage.io/kubernetes-id'] ??
        serving.metadata.name;
      guard.requireFree(
        caller,
        spec.name,
        owner,
        await guard.holdersOfName(ctx, spec.name, {}),
      );
      const rendered = renderMlModel(spec, {
        ref: stringifyEntityRef(serving),
        kubernetesId,
        owner: String(serving.spec?.owner ?? ''),
        system: serving.spec?.system ? String(serving.spec.system) : undefined,
      });
      const problems = validateManifestSet([rendered.mlModel]);
      if (problems.length > 0) {
        throw new Error(
          `Rendered MLModel failed validation (a bug in the renderer): ${problems.join(
            '; ',
          )}`,
        );
      }
      const files = await writeFilesAllOrNothing(
        ctx.workspacePath,
        targetPath,
        rendered.files,
      );
      ctx.output('files', files);
      ctx.output('mlModelPath', files[0]);
      ctx.output('catalogInfoPath', files[1]);
      ctx.output('entityRef', entityRef);
      ctx.output('owner', owner);
      ctx.logger.info(
        `Rendered MLModel ${spec.name} for ${stringifyEntityRef(
          serving,
        )} into ${path.posix.normalize(targetPath)}`,
      );
    },
  });
}
