import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A TensorFlow demand-forecasting model served by ml-prediction-service',
    example: yaml.stringify({
      steps: [
        {
          id: 'mlmodel',
          action: 'supply-chain:mlmodel:create',
          name: 'Render MLModel',
          input: {
            name: 'demand-forecasting-v3',
            modelName: 'demand-forecasting',
            modelVersion: 'v3.0.0',
            framework: 'tensorflow',
            replicas: 3,
            cpu: '1000m',
            memory: '2Gi',
            gpu: '1',
            servingComponent: 'component:default/ml-prediction-service',
          },
        },
      ],
    }),
  },
  {
    description:
      'A small scikit-learn model with its own owner, written under ./model',
    example: yaml.stringify({
      steps: [
        {
          id: 'mlmodel',
          action: 'supply-chain:mlmodel:create',
          name: 'Render MLModel',
          input: {
            name: 'returns-anomaly-v1',
            modelName: 'returns-anomaly',
            modelVersion: '1.0.0',
            framework: 'sklearn',
            servingComponent: 'ml-prediction-service',
            owner: 'group:default/ml-team',
            targetPath: 'model',
          },
        },
      ],
    }),
  },
];
