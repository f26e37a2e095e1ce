import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { appSelector, objectMeta } from './objectMeta';

/** Prometheus scrapes /metrics on the Service's http port every 30 s. */
export function renderServiceMonitor(spec: ServiceSpec): KubernetesObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: objectMeta(spec, spec.name),
    spec: {
      selector: { matchLabels: appSelector(spec.name) },
      endpoints: [
        {
          port: 'http',
          path: '/metrics',
          interval: '30s',
          scrapeTimeout: '10s',
          relabelings: [
            {
              sourceLabels: ['__meta_kubernetes_service_name'],
              targetLabel: 'service',
            },
            {
              sourceLabels: ['__meta_kubernetes_namespace'],
              targetLabel: 'namespace',
            },
            {
              sourceLabels: ['__meta_kubernetes_pod_name'],
              targetLabel: 'pod',
            },
          ],
        },
      ],
    },
  };
}
