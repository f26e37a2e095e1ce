import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { objectMeta, SERVICE_HTTP_PORT } from './objectMeta';

/** The seed's retry policy for calls to a service. */
export const VIRTUAL_SERVICE_RETRIES = {
  attempts: 3,
  perTryTimeout: '2s',
  retryOn: '5xx,reset,connect-failure,refused-stream',
} as const;

/** The seed's connection pool and outlier detection. */
export const DESTINATION_RULE_TRAFFIC_POLICY = {
  connectionPool: {
    tcp: { maxConnections: 100 },
    http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 10 },
  },
  outlierDetection: {
    consecutive5xxErrors: 3,
    interval: '30s',
    baseEjectionTime: '30s',
    maxEjectionPercent: 50,
  },
} as const;

const clusterHost = (spec: ServiceSpec) =>
  `${spec.name}.${spec.namespace}.svc.cluster.local`;

/** Routes all HTTP traffic to the Service, with a timeout and retries. */
export function renderVirtualService(spec: ServiceSpec): KubernetesObject {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: objectMeta(spec, spec.name),
    spec: {
      hosts: [spec.name],
      http: [
        {
          name: 'default',
          route: [
            {
              destination: {
                host: clusterHost(spec),
                port: { number: SERVICE_HTTP_PORT },
              },
              weight: 100,
            },
          ],
          timeout: '10s',
          retries: { ...VIRTUAL_SERVICE_RETRIES },
        },
      ],
    },
  };
}

/** Connection pool and outlier detection for calls to the service. */
export function renderDestinationRule(spec: ServiceSpec): KubernetesObject {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: objectMeta(spec, spec.name),
    spec: {
      host: clusterHost(spec),
      trafficPolicy: structuredClone(DESTINATION_RULE_TRAFFIC_POLICY),
    },
  };
}
