import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { appSelector, objectMeta, SERVICE_HTTP_PORT } from './objectMeta';

/** The ClusterIP Service: HTTP on port 80, gRPC on its own port when on. */
export function renderService(spec: ServiceSpec): KubernetesObject {
  const ports: Record<string, unknown>[] = [
    {
      name: 'http',
      port: SERVICE_HTTP_PORT,
      targetPort: 'http',
      protocol: 'TCP',
    },
  ];
  if (spec.grpc) {
    ports.push({
      name: 'grpc',
      port: spec.grpcPort,
      targetPort: 'grpc',
      protocol: 'TCP',
    });
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(spec, spec.name),
    spec: { type: 'ClusterIP', selector: appSelector(spec.name), ports },
  };
}
