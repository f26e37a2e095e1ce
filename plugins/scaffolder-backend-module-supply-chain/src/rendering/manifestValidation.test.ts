import { validateManifestSet } from './manifestValidation';
import { renderServiceManifests } from './serviceManifests';
import { testServiceSpec } from './service/__testUtils__/testSpec';

describe('validateManifestSet', () => {
  const objects = () =>
    renderServiceManifests(
      testServiceSpec({
        grpc: true,
        database: true,
        vpa: { enabled: true, minAllowed: { cpu: '100m' } },
      }),
    ).objects.map(o => structuredClone(o.object)) as any[];
  const find = (list: any[], kind: string) => list.find(o => o.kind === kind);

  const breakages: Array<[string, (list: any[]) => void, string]> = [
    [
      'Deployment without containers',
      l => {
        find(l, 'Deployment').spec.template.spec.containers = [];
      },
      'Deployment returns-service: spec.template.spec.containers',
    ],
    [
      'selector not matching the pods',
      l => {
        find(l, 'Deployment').spec.selector.matchLabels.app = 'other';
      },
      'spec.selector does not match the pod template labels',
    ],
    [
      'probe on an undeclared port',
      l => {
        find(
          l,
          'Deployment',
        ).spec.template.spec.containers[0].readinessProbe.httpGet.port =
          'admin';
      },
      'readinessProbe uses port admin',
    ],
    [
      'Service selecting nothing',
      l => {
        find(l, 'Service').spec.selector = { app: 'nope' };
      },
      'Service returns-service: spec.selector selects no rendered Deployment',
    ],
    [
      'Service targetPort unknown',
      l => {
        find(l, 'Service').spec.ports[1].targetPort = 'grpcx';
      },
      'targetPort grpcx is not a container port name',
    ],
    [
      'HPA targeting a missing Deployment',
      l => {
        find(l, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'ghost';
      },
      'scaleTargetRef ghost is not a rendered Deployment',
    ],
    [
      'HPA min above max',
      l => {
        find(l, 'HorizontalPodAutoscaler').spec.minReplicas = 50;
      },
      'minReplicas exceeds maxReplicas',
    ],
    [
      'VPA targeting a missing Deployment',
      l => {
        find(l, 'VerticalPodAutoscaler').spec.targetRef.name = 'ghost';
      },
      'targetRef ghost is not a rendered Deployment',
    ],
    [
      'VPA policy for a container the Deployment lacks',
      l => {
        find(
          l,
          'VerticalPodAutoscaler',
        ).spec.resourcePolicy.containerPolicies[0].containerName = 'sidecar';
      },
      'containerName sidecar is not a container of Deployment returns-service',
    ],
    [
      'VPA bound that is not a quantity',
      l => {
        find(
          l,
          'VerticalPodAutoscaler',
        ).spec.resourcePolicy.containerPolicies[0].minAllowed.cpu = 'lots';
      },
      'VerticalPodAutoscaler returns-service-vpa: spec.resourcePolicy.containerPolicies[0].minAllowed.cpu: not a Kubernetes quantity',
    ],
    [
      'secret nobody creates',
      l => {
        find(l, 'ExternalSecret').spec.target.name = 'other';
      },
      'reads Secret returns-service-database-credentials, which no ExternalSecret creates',
    ],
    [
      'bad principal',
      l => {
        find(l, 'AuthorizationPolicy').spec.rules.unshift({
          from: [{ source: { principals: ['order-service'] } }],
          to: [{ operation: { methods: ['GET'] } }],
        });
      },
      'not an Istio principal',
    ],
    [
      'empty path segment in Argo CD source',
      l => {
        find(l, 'Application').spec.source.repoURL = 'https://github.com//x';
      },
      'repoURL has an empty segment',
    ],
    [
      'ServiceMonitor port missing',
      l => {
        find(l, 'ServiceMonitor').spec.endpoints[0].port = 'metrics';
      },
      'endpoint port metrics is not a Service port name',
    ],
    [
      'missing namespace',
      l => {
        delete find(l, 'PodDisruptionBudget').metadata.namespace;
      },
      'PodDisruptionBudget returns-service-pdb: metadata.namespace',
    ],
  ];

  it('accepts the rendered set', () => {
    expect(validateManifestSet(objects())).toEqual([]);
  });

  it.each(breakages)('%s is reported', (_, breakIt, message) => {
    const list = objects();
    breakIt(list);
    expect(validateManifestSet(list).join('\n')).toContain(message);
  });
});
