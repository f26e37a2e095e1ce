import { filterPredicateToFilterFunction } from '@backstage/filter-predicates';
import * as legacy from './index';
import newPlugin from './alpha';
import { isRolloutsAvailable, rolloutsEntityFilter } from './conditions';
import { inventoryEntity, unannotatedEntity } from './__fixtures__/rollouts';

describe('rollouts plugin', () => {
  it('exports the legacy plugin and its extensions', () => {
    expect(legacy.rolloutsPlugin.getId()).toBe('rollouts');
    for (const name of [
      'EntityRolloutsContent',
      'EntityMLModelsCard',
      'RolloutsPage',
      'MLModelsPage',
      'isRolloutsAvailable',
    ] as const) {
      expect(legacy[name]).toBeDefined();
    }
  });

  it('exports the new-system plugin with its api, tab, card and pages', () => {
    expect(newPlugin.pluginId).toBe('rollouts');
    for (const id of [
      'api:rollouts',
      'entity-content:rollouts',
      'entity-card:rollouts/ml-models',
      'page:rollouts',
      'page:rollouts/ml-models',
    ] as const) {
      expect(newPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('applies to entities with Kubernetes annotations only', () => {
    const filter = filterPredicateToFilterFunction(rolloutsEntityFilter);
    const bySelector = {
      ...unannotatedEntity,
      metadata: {
        ...unannotatedEntity.metadata,
        annotations: {
          'backstage.io/kubernetes-label-selector': 'app=notification-service',
        },
      },
    };
    expect(filter(inventoryEntity)).toBe(true);
    expect(filter(bySelector)).toBe(true);
    expect(filter(unannotatedEntity)).toBe(false);
    expect(isRolloutsAvailable(inventoryEntity)).toBe(true);
    expect(isRolloutsAvailable(bySelector)).toBe(true);
    expect(isRolloutsAvailable(unannotatedEntity)).toBe(false);
  });
});
