import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render every manifest of an HTTP service into ./k8s, deployed by Argo CD from the GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifests',
          action: 'supply-chain:service:manifests',
          name: 'Render manifests',
          input: {
            name: 'returns-service',
            owner: 'group:default/fulfillment-team',
            system: 'system:default/order-fulfillment',
            dependencies: ['component:default/order-service'],
            gitops: {
              repoUrl:
                'https://git.example.com/platform/supply-chain-gitops.git',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'A gRPC service with a database: ExternalSecret for its credentials, custom resources and an admin caller',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifests',
          action: 'supply-chain:service:manifests',
          name: 'Render manifests',
          input: {
            name: 'warehouse-service',
            owner: 'group:default/inventory-team',
            grpc: true,
            grpcPort: 9090,
            database: true,
            databaseSecretKey: 'production/warehouse-service/database',
            adminServiceAccount: 'admin-sa',
            replicas: 2,
            minReplicas: 2,
            maxReplicas: 10,
            resources: {
              requests: { cpu: '500m', memory: '512Mi' },
              limits: { cpu: '1', memory: '1Gi' },
            },
            gitops: {
              repoUrl:
                'https://git.example.com/platform/supply-chain-gitops.git',
              path: 'apps/warehouse-service',
            },
            targetPath: 'deploy',
          },
        },
      ],
    }),
  },
  {
    description:
      'A VerticalPodAutoscaler in Auto mode sizing the container between bounds, in place of the HPA (the two would fight over cpu and memory)',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifests',
          action: 'supply-chain:service:manifests',
          name: 'Render manifests',
          input: {
            name: 'route-optimizer',
            owner: 'group:default/fulfillment-team',
            vpa: {
              enabled: true,
              updateMode: 'Auto',
              minAllowed: { cpu: '100m', memory: '128Mi' },
              maxAllowed: { cpu: '2', memory: '2Gi' },
            },
            include: { hpa: false },
            gitops: {
              repoUrl:
                'https://git.example.com/platform/supply-chain-gitops.git',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Only the Deployment, Service and ServiceAccount, without mesh, autoscaling or GitOps parts',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifests',
          action: 'supply-chain:service:manifests',
          name: 'Render minimal manifests',
          input: {
            name: 'label-printer',
            owner: 'group:default/fulfillment-team',
            include: {
              hpa: false,
              pdb: false,
              istio: false,
              authorizationPolicy: false,
              serviceMonitor: false,
              kustomize: false,
              argocdApplication: false,
            },
          },
        },
      ],
    }),
  },
];
