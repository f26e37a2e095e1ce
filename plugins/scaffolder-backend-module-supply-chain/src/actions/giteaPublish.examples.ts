import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the generated service to a private repository of the supply-chain organization',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'supply-chain:gitea:publish',
          name: 'Publish the code',
          input: {
            repoUrl: 'git.example.com?owner=supply-chain&repo=returns-service',
            description: 'Handles customer returns',
            defaultBranch: 'main',
            repoVisibility: 'private',
          },
        },
      ],
    }),
  },
];
