import { renderServiceMonitor } from './serviceMonitor';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderServiceMonitor', () => {
  it("scrapes /metrics on the Service's http port, labelled by service, namespace and pod", () => {
    const monitor = renderServiceMonitor(testServiceSpec()) as any;
    expect(monitor.spec.selector).toEqual({
      matchLabels: { app: 'returns-service' },
    });
    const [endpoint] = monitor.spec.endpoints;
    expect(endpoint).toMatchObject({
      port: 'http',
      path: '/metrics',
      interval: '30s',
      scrapeTimeout: '10s',
    });
    expect(endpoint.relabelings.map((r: any) => r.targetLabel)).toEqual([
      'service',
      'namespace',
      'pod',
    ]);
  });
});
