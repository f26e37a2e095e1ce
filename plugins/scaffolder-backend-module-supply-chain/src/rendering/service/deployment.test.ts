import { renderDeployment } from './deployment';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderDeployment', () => {
  it('renders the Deployment the platform expects', () => {
    const d = renderDeployment(
      testServiceSpec({ grpc: true, database: true, version: 'v1.2.3' }),
    ) as any;
    expect(d.metadata).toMatchObject({
      name: 'returns-service',
      namespace: 'supply-chain',
    });
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    const pod = d.spec.template;
    expect(pod.metadata.labels).toEqual({
      app: 'returns-service',
      version: 'v1.2.3',
      'backstage.io/kubernetes-id': 'returns-service',
    });
    expect(pod.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8080',
      'prometheus.io/path': '/metrics',
    });
    expect(pod.spec.serviceAccountName).toBe('returns-service-sa');
    const [c] = pod.spec.containers;
    expect(c.image).toBe('ghcr.io/supply-chain/returns-service:v1.2.3');
    expect(c.ports.map((p: any) => [p.name, p.containerPort])).toEqual([
      ['http', 8080],
      ['grpc', 9090],
    ]);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(c.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(c.env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: {
        secretKeyRef: {
          name: 'returns-service-database-credentials',
          key: 'url',
        },
      },
    });
    expect(
      pod.spec.affinity.podAntiAffinity
        .preferredDuringSchedulingIgnoredDuringExecution[0],
    ).toEqual({
      weight: 100,
      podAffinityTerm: {
        labelSelector: {
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['returns-service'] },
          ],
        },
        topologyKey: 'kubernetes.io/hostname',
      },
    });
  });
});
