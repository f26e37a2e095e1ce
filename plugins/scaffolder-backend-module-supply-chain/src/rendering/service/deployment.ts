import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { appSelector, derivedNames, podLabels } from './objectMeta';

/** The service's Deployment: non-root, read-only, probed, spread over nodes. */
export function renderDeployment(spec: ServiceSpec): KubernetesObject {
  const { name } = spec;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: spec.namespace, labels: podLabels(spec) },
    spec: {
      replicas: spec.replicas,
      revisionHistoryLimit: 10,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      selector: { matchLabels: appSelector(name) },
      template: {
        metadata: {
          labels: podLabels(spec),
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(spec.httpPort),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          serviceAccountName: spec.include.serviceAccount
            ? derivedNames(name).serviceAccount
            : 'default',
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [renderContainer(spec)],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: {
                      matchExpressions: [
                        { key: 'app', operator: 'In', values: [name] },
                      ],
                    },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
        },
      },
    },
  };
}

function renderContainer(spec: ServiceSpec) {
  const { name } = spec;
  const ports: Record<string, unknown>[] = [
    { name: 'http', containerPort: spec.httpPort, protocol: 'TCP' },
  ];
  const env: Record<string, unknown>[] = [
    { name: 'PORT', value: String(spec.httpPort) },
    { name: 'LOG_LEVEL', value: 'INFO' },
    { name: 'SERVICE_VERSION', value: spec.version },
  ];
  if (spec.grpc) {
    ports.push({ name: 'grpc', containerPort: spec.grpcPort, protocol: 'TCP' });
    env.push({ name: 'GRPC_PORT', value: String(spec.grpcPort) });
  }
  if (spec.database) {
    env.push({
      name: 'DATABASE_URL',
      valueFrom: {
        secretKeyRef: { name: derivedNames(name).databaseSecret, key: 'url' },
      },
    });
  }
  return {
    name,
    image: spec.image ?? `${spec.imageRegistry}/${name}:${spec.version}`,
    imagePullPolicy: 'IfNotPresent',
    ports,
    env,
    resources: {
      requests: {
        cpu: spec.resources.requests.cpu,
        memory: spec.resources.requests.memory,
      },
      limits: {
        cpu: spec.resources.limits.cpu,
        memory: spec.resources.limits.memory,
      },
    },
    livenessProbe: {
      httpGet: { path: '/health', port: 'http' },
      initialDelaySeconds: 30,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    readinessProbe: {
      httpGet: { path: '/ready', port: 'http' },
      initialDelaySeconds: 5,
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 3,
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}
