import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { validateManifestSet } from '../rendering/manifestValidation';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { createTestCatalog } from './__testUtils__/catalog';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { createMlModelAction } from './mlModel';
import { examples } from './mlModel.examples';

describe('supply-chain:mlmodel:create examples', () => {
  const action = createMlModelAction({ catalog: createTestCatalog() });
  it.each(examples.map((e, i) => [i, e.description, e] as const))(
    'example %i (%s) writes a valid MLModel',
    async (_, __, example) => {
      const input = yaml.parse(example.example).steps[0].input;
      const ctx = createTestActionContext({ input });
      await action.handler(ctx);
      const [model] = parseYamlDocuments(
        fs.readFileSync(
          path.join(ctx.workspacePath, ctx.outputs.mlModelPath as string),
          'utf8',
        ),
      ) as any[];
      expect(validateManifestSet([model])).toEqual([]);
      expect(model.spec.framework).toBe(input.framework);
      expect(ctx.outputs.entityRef).toBe(`resource:default/${input.name}`);
    },
  );
});
