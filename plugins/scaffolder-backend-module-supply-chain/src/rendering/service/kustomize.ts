import { ServiceSpec } from '../serviceSpec';
import { RenderedFile, toYamlDocuments } from '../yamlDocuments';
import { derivedNames } from './objectMeta';

/** The overlay Argo CD deploys, relative to the target folder. */
export const PRODUCTION_OVERLAY = 'overlays/production';

type OverlaySettings = {
  namespace: string;
  replicas: number;
  minReplicas: number;
  maxReplicas: number;
  logLevel: string;
};

/**
 * The base kustomization (listing `baseFiles`, relative to `base/`) and the
 * staging and production overlays on top of it.
 */
export function renderKustomizeFiles(
  spec: ServiceSpec,
  baseFiles: readonly string[],
): RenderedFile[] {
  return [
    {
      path: 'base/kustomization.yaml',
      content: toYamlDocuments([
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace: spec.namespace,
          resources: [...baseFiles],
        },
      ]),
    },
    renderOverlay(spec, 'staging', {
      namespace: spec.stagingNamespace,
      replicas: 1,
      minReplicas: 1,
      maxReplicas: Math.max(1, Math.min(3, spec.maxReplicas)),
      logLevel: 'DEBUG',
    }),
    renderOverlay(spec, 'production', {
      namespace: spec.namespace,
      replicas: spec.replicas,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      logLevel: 'INFO',
    }),
  ];
}

function renderOverlay(
  spec: ServiceSpec,
  environment: string,
  settings: OverlaySettings,
): RenderedFile {
  const { name } = spec;
  const hpaName = derivedNames(name).hpa;
  const patches: Record<string, unknown>[] = [
    {
      target: { kind: 'Deployment', name },
      patch: toYamlDocuments([
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name },
          spec: {
            replicas: settings.replicas,
            template: {
              spec: {
                containers: [
                  {
                    name,
                    env: [{ name: 'LOG_LEVEL', value: settings.logLevel }],
                  },
                ],
              },
            },
          },
        },
      ]),
    },
  ];
  if (spec.include.hpa) {
    patches.push({
      target: { kind: 'HorizontalPodAutoscaler', name: hpaName },
      patch: toYamlDocuments([
        {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: hpaName },
          spec: {
            minReplicas: settings.minReplicas,
            maxReplicas: settings.maxReplicas,
          },
        },
      ]),
    });
  }
  return {
    path: `overlays/${environment}/kustomization.yaml`,
    content: toYamlDocuments([
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: settings.namespace,
        resources: ['../../base'],
        labels: [{ pairs: { environment }, includeSelectors: false }],
        patches,
      },
    ]),
  };
}
