import { renderPodDisruptionBudget } from './podDisruptionBudget';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderPodDisruptionBudget', () => {
  it("keeps all but one of the service's pods up", () => {
    const pdb = renderPodDisruptionBudget(
      testServiceSpec({ namespace: 'inventory' }),
    );
    expect(pdb.metadata).toMatchObject({
      name: 'returns-service-pdb',
      namespace: 'inventory',
    });
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { app: 'returns-service' } },
    });
  });
});
