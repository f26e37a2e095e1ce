import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the rendered manifests to the service folder of the GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'gitops',
          action: 'supply-chain:gitops:commit',
          name: 'Publish manifests',
          input: {
            repoUrl: 'https://git.example.com/platform/supply-chain-gitops.git',
            branch: 'main',
            sourcePath: 'k8s',
            targetPath: 'apps/returns-service',
            commitMessage: 'returns-service: initial manifests (Backstage)',
          },
        },
      ],
    }),
  },
];
