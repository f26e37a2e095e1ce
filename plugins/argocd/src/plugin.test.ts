import { argocdPlugin, isArgocdAvailable } from './index';
import { orderEntity } from './__fixtures__/argocd';

describe('argocd plugin (legacy frontend system)', () => {
  it('has id argocd', () => {
    expect(argocdPlugin.getId()).toBe('argocd');
  });

  it.each([
    [{ 'argocd/app-name': 'order-service' }, true],
    [{ 'argocd/app-selector': 'team=a' }, true],
    [{ 'argocd/project-name': 'default' }, true],
    [{ 'argocd/instance-name': 'sandbox' }, false],
    [{}, false],
  ])('isArgocdAvailable(%j) is %s', (annotations, expected) => {
    expect(
      isArgocdAvailable({
        ...orderEntity,
        metadata: { name: 'x', annotations },
      }),
    ).toBe(expected);
  });
});
