import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { PRODUCTION_OVERLAY } from './kustomize';

/** The Argo CD Application syncing the production overlay from the GitOps repository. */
export function renderArgoCdApplication(
  spec: ServiceSpec,
  gitops: NonNullable<ServiceSpec['gitops']>,
): KubernetesObject {
  const { name } = spec;
  const gitopsPath = gitops.path ?? `apps/${name}`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: gitops.argocdNamespace,
      labels: { 'backstage.io/kubernetes-id': name },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    } as KubernetesObject['metadata'],
    spec: {
      project: gitops.project,
      source: {
        repoURL: gitops.repoUrl,
        targetRevision: gitops.targetRevision,
        path: `${gitopsPath}/${PRODUCTION_OVERLAY}`,
      },
      destination: {
        server: gitops.destinationServer,
        namespace: spec.namespace,
      },
      syncPolicy: {
        ...(gitops.automated
          ? { automated: { prune: true, selfHeal: true, allowEmpty: false } }
          : {}),
        syncOptions: [
          'CreateNamespace=true',
          'PrunePropagationPolicy=foreground',
          'PruneLast=true',
        ],
        retry: {
          limit: 5,
          backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
        },
      },
      ...(spec.include.hpa
        ? {
            // the HPA owns the replica count
            ignoreDifferences: [
              {
                group: 'apps',
                kind: 'Deployment',
                name,
                jsonPointers: ['/spec/replicas'],
              },
            ],
          }
        : {}),
    },
  };
}
