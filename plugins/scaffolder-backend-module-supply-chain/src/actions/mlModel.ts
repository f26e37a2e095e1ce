import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { parseRefField, requireEntities } from '../catalog/catalogLookups';
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
export function createMlModelAction(options: { catalog: CatalogService }) {
  const { catalog } = options;
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
      const rendered = renderMlModel(spec, {
        ref: stringifyEntityRef(serving),
        kubernetesId:
          serving.metadata.annotations?.['backstage.io/kubernetes-id'] ??
          serving.metadata.name,
        owner: String(serving.spec?.owner ?? ''),
        system: serving.spec?.system ? String(serving.spec.system) : undefined,
      });
      if (!spec.owner && !serving.spec?.owner) {
        throw new InputError(
          `owner: ${stringifyEntityRef(serving)} has no owner; give one`,
        );
      }
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
      ctx.logger.info(
        `Rendered MLModel ${spec.name} for ${stringifyEntityRef(
          serving,
        )} into ${path.posix.normalize(targetPath)}`,
      );
    },
  });
}
