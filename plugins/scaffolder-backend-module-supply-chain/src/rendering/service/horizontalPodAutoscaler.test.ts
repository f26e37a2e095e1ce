import {
  HPA_BEHAVIOR,
  renderHorizontalPodAutoscaler,
} from './horizontalPodAutoscaler';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderHorizontalPodAutoscaler', () => {
  it("uses the seed's HPA behavior policies", () => {
    const hpa = renderHorizontalPodAutoscaler(
      testServiceSpec({ minReplicas: 2, maxReplicas: 8, replicas: 2 }),
    ) as any;
    expect(hpa.spec.behavior).toEqual(HPA_BEHAVIOR);
    expect(hpa.spec.behavior.scaleUp.policies).toEqual([
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ]);
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
      selectPolicy: 'Min',
    });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 8]);
    expect(hpa.spec.metrics.map((m: any) => m.type)).toEqual([
      'Resource',
      'Resource',
    ]);
  });
});
