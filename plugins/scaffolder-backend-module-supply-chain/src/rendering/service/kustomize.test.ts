import { parseYamlDocuments } from '../yamlDocuments';
import { renderKustomizeFiles } from './kustomize';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderKustomizeFiles', () => {
  it('writes staging and production overlays on top of the base', () => {
    const files = renderKustomizeFiles(
      testServiceSpec({ replicas: 4, minReplicas: 2, maxReplicas: 12 }),
      ['deployment.yaml', 'hpa.yaml'],
    );
    const overlay = (env: string) =>
      parseYamlDocuments(
        files.find(f => f.path === `overlays/${env}/kustomization.yaml`)!
          .content,
      )[0] as any;
    const staging = overlay('staging');
    expect(staging.namespace).toBe('staging');
    expect(staging.resources).toEqual(['../../base']);
    const stagingDeployment = parseYamlDocuments(
      staging.patches[0].patch,
    )[0] as any;
    expect(stagingDeployment.spec.replicas).toBe(1);
    expect(stagingDeployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'LOG_LEVEL', value: 'DEBUG' },
    ]);
    const production = overlay('production');
    expect(production.namespace).toBe('supply-chain');
    const productionHpa = parseYamlDocuments(
      production.patches[1].patch,
    )[0] as any;
    expect(productionHpa.spec).toEqual({ minReplicas: 2, maxReplicas: 12 });
  });
});
