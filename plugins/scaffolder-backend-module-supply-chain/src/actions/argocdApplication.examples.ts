import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create the Argo CD application rendered by supply-chain:service:manifests',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'supply-chain:argocd:application:create',
          name: 'Create Argo CD application',
          input: {
            instance: 'sandbox',
            owner: 'group:default/inventory-team',
            manifestPath: 'k8s/argocd/application.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Create (or replace, when the same owner holds it) an application given inline',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'supply-chain:argocd:application:create',
          name: 'Create Argo CD application',
          input: {
            instance: 'sandbox',
            owner: 'group:default/inventory-team',
            upsert: true,
            application: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Application',
              metadata: { name: 'returns-service', namespace: 'argocd' },
              spec: {
                project: 'default',
                source: {
                  repoURL:
                    'https://git.example.com/platform/supply-chain-gitops.git',
                  targetRevision: 'HEAD',
                  path: 'apps/returns-service/overlays/production',
                },
                destination: {
                  server: 'https://kubernetes.default.svc',
                  namespace: 'supply-chain',
                },
              },
            },
          },
        },
      ],
    }),
  },
];
