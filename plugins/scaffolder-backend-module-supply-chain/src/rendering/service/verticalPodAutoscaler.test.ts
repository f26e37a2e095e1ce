import fs from 'node:fs';
import path from 'node:path';
import { parseYamlDocuments } from '../yamlDocuments';
import { renderVerticalPodAutoscaler } from './verticalPodAutoscaler';
import { testServiceSpec } from './__testUtils__/testSpec';

/** The sandbox's seed, where ml-prediction-service's VPA lives. */
const SEED_CONFIG = path.resolve(
  __dirname,
  '../../../../../sandbox/manifests/base/20-config.yaml',
);

describe('renderVerticalPodAutoscaler', () => {
  it("targets the Deployment and sizes the service's container within the bounds given", () => {
    const vpa = renderVerticalPodAutoscaler(
      testServiceSpec({
        vpa: {
          enabled: true,
          updateMode: 'Initial',
          minAllowed: { cpu: '100m', memory: '128Mi' },
          maxAllowed: { cpu: '2' },
        },
        include: { hpa: false },
      }),
    ) as any;
    expect(vpa).toEqual({
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: {
        name: 'returns-service-vpa',
        namespace: 'supply-chain',
        labels: {
          app: 'returns-service',
          'backstage.io/kubernetes-id': 'returns-service',
        },
      },
      spec: {
        targetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'returns-service',
        },
        updatePolicy: { updateMode: 'Initial' },
        resourcePolicy: {
          containerPolicies: [
            {
              containerName: 'returns-service',
              minAllowed: { cpu: '100m', memory: '128Mi' },
              maxAllowed: { cpu: '2' },
              controlledResources: ['cpu', 'memory'],
            },
          ],
        },
      },
    });
  });

  it('leaves out the bounds that were not given', () => {
    const vpa = renderVerticalPodAutoscaler(
      testServiceSpec({ vpa: { enabled: true } }),
    ) as any;
    expect(vpa.spec.updatePolicy).toEqual({ updateMode: 'Off' });
    expect(vpa.spec.resourcePolicy.containerPolicies).toEqual([
      {
        containerName: 'returns-service',
        controlledResources: ['cpu', 'memory'],
      },
    ]);
  });

  it("renders the seed's ml-prediction-service-vpa from the same values, minAllowed and maxAllowed included", () => {
    const seed = parseYamlDocuments(fs.readFileSync(SEED_CONFIG, 'utf8')).find(
      (o: any) => o.kind === 'VerticalPodAutoscaler',
    ) as any;
    const { minAllowed, maxAllowed } =
      seed.spec.resourcePolicy.containerPolicies[0];
    expect([minAllowed, maxAllowed]).toEqual([
      { cpu: '500m', memory: '1Gi' },
      { cpu: '4', memory: '8Gi' },
    ]);
    const vpa = renderVerticalPodAutoscaler(
      testServiceSpec({
        name: 'ml-prediction-service',
        resources: {
          requests: { cpu: '1', memory: '2Gi' },
          limits: { cpu: '2', memory: '4Gi' },
        },
        vpa: {
          enabled: true,
          updateMode: seed.spec.updatePolicy.updateMode,
          minAllowed,
          maxAllowed,
        },
        include: { hpa: false },
      }),
    ) as any;
    expect(vpa.metadata.name).toBe(seed.metadata.name);
    expect(vpa.spec).toEqual(seed.spec);
  });
});
