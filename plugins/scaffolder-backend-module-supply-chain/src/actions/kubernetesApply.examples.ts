import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate the rendered base manifests with a server-side dry run on the sandbox cluster',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'supply-chain:kubernetes:apply',
          name: 'Server-side dry run',
          input: {
            cluster: 'sandbox',
            owner: 'group:default/inventory-team',
            path: 'k8s/base',
            dryRun: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Apply an inline object with server-side apply and a field manager',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'supply-chain:kubernetes:apply',
          name: 'Apply a ServiceAccount',
          input: {
            cluster: 'sandbox',
            owner: 'group:default/inventory-team',
            namespace: 'supply-chain',
            fieldManager: 'backstage-scaffolder',
            manifests: [
              {
                apiVersion: 'v1',
                kind: 'ServiceAccount',
                metadata: {
                  name: 'returns-service-sa',
                  // the workload the object belongs to (required)
                  labels: { 'backstage.io/kubernetes-id': 'returns-service' },
                },
              },
            ],
          },
        },
      ],
    }),
  },
];
