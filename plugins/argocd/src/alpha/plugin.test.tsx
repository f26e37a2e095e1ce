import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { orderEntity } from '../__fixtures__/argocd';
import plugin, { entityArgoCdContent, entityArgoCdOverviewCard } from './index';

const plain = { ...orderEntity, metadata: { name: 'plain', annotations: {} } };
const bySelector = {
  ...orderEntity,
  metadata: { name: 'x', annotations: { 'argocd/app-selector': 'team=a' } },
};

describe('argocd plugin (new frontend system)', () => {
  it('has pluginId argocd', () => {
    expect(plugin.pluginId).toBe('argocd');
  });

  it('the tab is "Argo CD" at /argocd, only on entities with an argocd annotation', () => {
    const tester = createExtensionTester(entityArgoCdContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/argocd');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Argo CD');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect([orderEntity, bySelector, plain].map(e => filter(e))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('the overview card is an info card, only on entities with an argocd annotation', () => {
    const tester = createExtensionTester(entityArgoCdOverviewCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect([orderEntity, plain].map(e => filter(e))).toEqual([true, false]);
  });
});
