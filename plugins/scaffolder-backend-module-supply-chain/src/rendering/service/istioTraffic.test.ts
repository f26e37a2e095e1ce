import { renderDestinationRule, renderVirtualService } from './istioTraffic';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderVirtualService and renderDestinationRule', () => {
  it('configures retries, connection pool and outlier detection', () => {
    const spec = testServiceSpec();
    const vs = renderVirtualService(spec) as any;
    expect(vs.spec.http[0].retries).toEqual({
      attempts: 3,
      perTryTimeout: '2s',
      retryOn: '5xx,reset,connect-failure,refused-stream',
    });
    const dr = renderDestinationRule(spec) as any;
    expect(dr.spec.host).toBe('returns-service.supply-chain.svc.cluster.local');
    expect(dr.spec.trafficPolicy.connectionPool.tcp.maxConnections).toBe(100);
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(3);
  });
});
