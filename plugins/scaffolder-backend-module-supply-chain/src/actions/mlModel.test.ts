import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { createTestCatalog } from './__testUtils__/catalog';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { createMlModelAction } from './mlModel';

const input = {
  name: 'demand-forecasting-v3',
  modelName: 'demand-forecasting',
  modelVersion: 'v3.0.0',
  framework: 'pytorch',
  replicas: 2,
  servingComponent: 'component:default/ml-prediction-service',
};

describe('supply-chain:mlmodel:create', () => {
  const action = createMlModelAction({
    catalog: createTestCatalog([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'demand-forecasting-v2', namespace: 'default' },
        spec: { type: 'ml-model', owner: 'group:default/ml-team' },
      },
    ]),
  });

  it('renders the MLModel labelled for the serving component and its catalog Resource', async () => {
    const ctx = createTestActionContext({ input });
    await action.handler(ctx);
    const read = (p: string) =>
      parseYamlDocuments(
        fs.readFileSync(path.join(ctx.workspacePath, p), 'utf8'),
      )[0] as any;
    const model = read(ctx.outputs.mlModelPath as string);
    expect(model).toEqual({
      apiVersion: 'ml.supplychain.io/v1',
      kind: 'MLModel',
      metadata: {
        name: 'demand-forecasting-v3',
        namespace: 'supply-chain',
        labels: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
      },
      spec: {
        modelName: 'demand-forecasting',
        modelVersion: 'v3.0.0',
        framework: 'pytorch',
        resourceRequirements: { memory: '2Gi', cpu: '1000m' },
        replicas: 2,
      },
    });
    const entity = read(ctx.outputs.catalogInfoPath as string);
    expect(entity.kind).toBe('Resource');
    expect(entity.spec).toEqual({
      type: 'ml-model',
      owner: 'group:default/ml-team',
      dependencyOf: ['component:default/ml-prediction-service'],
    });
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    [
      'a framework outside the CRD enum',
      { framework: 'xgboost' },
      'framework: framework must be one of tensorflow, pytorch, sklearn',
    ],
    [
      '0 replicas',
      { replicas: 0 },
      'replicas: replicas must be between 1 and 10 (the CRD limits)',
    ],
    [
      '11 replicas',
      { replicas: 11 },
      'replicas: replicas must be between 1 and 10',
    ],
    [
      'a bad memory quantity',
      { memory: '2 GB' },
      'memory: memory must be a Kubernetes quantity',
    ],
    ['a zero cpu', { cpu: '0' }, 'cpu: cpu must be greater than zero'],
    [
      'a bad version',
      { modelVersion: 'latest' },
      'modelVersion: modelVersion must be a semantic version',
    ],
    [
      'a serving component not in the catalog',
      { servingComponent: 'component:default/ghost' },
      'servingComponent: component:default/ghost is not in the catalog',
    ],
    [
      'a serving component that is a group',
      { servingComponent: 'group:default/ml-team' },
      'servingComponent: group:default/ml-team is a Group, expected component',
    ],
    [
      'a name already in the catalog',
      { name: 'demand-forecasting-v2' },
      'name: resource:default/demand-forecasting-v2 already exists in the catalog',
    ],
  ];
  it.each(refused)(
    'refuses %s, writing nothing',
    async (_, overrides, message) => {
      const ctx = createTestActionContext({
        input: { ...input, ...overrides },
      });
      const run = action.handler(ctx);
      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(message);
      expect(fs.readdirSync(ctx.workspacePath)).toEqual([]);
    },
  );
});
